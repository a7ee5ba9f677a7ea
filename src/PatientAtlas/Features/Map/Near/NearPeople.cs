using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Map.Near;

/// <summary>
/// "People near me" for one condition, as the page and the API show it. Listed: members who show their relation to the
/// condition to other members (<see cref="MemberRelation.ShowOnProfile"/>: a private relation is never listed, nor
/// named among shared conditions), chose <see cref="MapVisibility.Visible"/> and gave a place, not the viewer, not
/// suspended, with no block between them and the viewer (either way). Reciprocal: only a viewer who would be listed
/// themselves (visible, with their relation to the condition shown) sees the list. A viewer with a city sees them nearest first by the distance
/// between city centres (visible members who gave only a country come last, when it is the viewer's country); a
/// viewer with only a country sees the members of that country, without distances. Two round trips for the list:
/// the condition's visible members (a small set per condition; distances are computed here), then the shared
/// conditions of one page of them.
/// </summary>
public static class NearPeople
{
    public const int PageSize = 50;

    public enum Standing
    {
        /// <summary>The viewer may see the list (possibly empty).</summary>
        Listed,

        /// <summary>The viewer has no relation to the condition: no list.</summary>
        NoRelation,

        /// <summary>The viewer gave no place at all: no list.</summary>
        NoPlace,

        /// <summary>
        /// The viewer is not visible themselves (their place is hidden or only counted, or their relation to the condition
        /// is private): no list, since people near me is for members who can be found the same way.
        /// </summary>
        NotVisible,
    }

    /// <summary>The viewer's own place and visibility (shown back to them only).</summary>
    public sealed record Viewer(bool Related, bool RelationShown, int? CityId, string? CityName, string? Country, double? Latitude, double? Longitude, MapVisibility? Visibility)
    {
        public bool HasCity => Latitude is not null && Longitude is not null;

        /// <summary>Whether other members would find the viewer in this list (the list is reciprocal).</summary>
        public bool Listable => Visibility == MapVisibility.Visible && RelationShown;
    }

    public sealed record SharedCondition(string Slug, string Name, ConditionKind Kind)
    {
        public string Path => CatalogPaths.Of(Slug, Kind);
    }

    /// <summary>One listed member: city level at most, the distance rounded (<see cref="NearDistance.Round"/>; null without the viewer's city).</summary>
    public sealed record Person(string Pseudonym, Relation Relation, string? City, string Country, int? DistanceKm, bool AcceptsRequests, IReadOnlyList<SharedCondition> SharedConditions);

    public sealed record Result(Standing Standing, Viewer Viewer, int Total, int Page, int Pages, IReadOnlyList<Person> People)
    {
        public bool PageExists => Page >= 1 && (Page == 1 || Page <= Pages);
    }

    private sealed record Candidate(int Id, string Pseudonym, Relation Relation, string? City, string Country, double? Latitude, double? Longitude, bool RequestsOff);

    public static async Task<Result> LoadAsync(AtlasDb db, int viewerId, int conditionId, Relation? relation, int page, DateTime now, string language, CancellationToken cancellationToken)
    {
        var viewer = await (
            from m in db.Users.AsNoTracking()
            where m.Id == viewerId
            from l in db.Set<MemberLocation>().Where(l => l.MemberId == m.Id).DefaultIfEmpty()
            select new Viewer(
                db.Set<MemberRelation>().Any(r => r.MemberId == m.Id && r.ConditionId == conditionId),
                db.Set<MemberRelation>().Any(r => r.MemberId == m.Id && r.ConditionId == conditionId && r.ShowOnProfile),
                l == null ? null : l.CityId, l == null ? null : l.CityName, l == null ? null : l.Country,
                l == null ? null : l.Latitude, l == null ? null : l.Longitude, l == null ? null : l.Visibility))
            .SingleAsync(cancellationToken);
        if (!viewer.Related)
        {
            return new(Standing.NoRelation, viewer, 0, page, 0, []);
        }
        if (viewer.Country is null)
        {
            return new(Standing.NoPlace, viewer, 0, page, 0, []);
        }
        if (!viewer.Listable)
        {
            return new(Standing.NotVisible, viewer, 0, page, 0, []);
        }

        var candidates = await Candidates(db, viewerId, conditionId, relation, viewer, now).ToListAsync(cancellationToken);
        var ordered = candidates
            .Select(c => (Candidate: c, Km: viewer.HasCity && c.Latitude is { } lat && c.Longitude is { } lon
                ? NearDistance.Kilometres(viewer.Latitude!.Value, viewer.Longitude!.Value, lat, lon) : (double?)null))
            .OrderBy(x => x.Km is null ? 1 : 0).ThenBy(x => x.Km)
            .ThenBy(x => x.Candidate.City is null ? 1 : 0).ThenBy(x => x.Candidate.City, StringComparer.Ordinal)
            .ThenBy(x => x.Candidate.Pseudonym, StringComparer.Ordinal)
            .ToList();
        var pages = (ordered.Count + PageSize - 1) / PageSize;
        var shown = ordered.Skip((Math.Max(page, 1) - 1) * PageSize).Take(page < 1 ? 0 : PageSize).ToList();
        var shared = await SharedAsync(db, viewerId, conditionId, shown.Select(x => x.Candidate.Id).ToList(), language, cancellationToken);
        var people = shown.Select(x => new Person(x.Candidate.Pseudonym, x.Candidate.Relation, x.Candidate.City, x.Candidate.Country,
                x.Km is { } km ? NearDistance.Round(km) : null, !x.Candidate.RequestsOff, shared[x.Candidate.Id].ToList()))
            .ToList();
        return new(Standing.Listed, viewer, ordered.Count, page, pages, people);
    }

    /// <summary>The condition's visible, placed members who show their relation to it, as the viewer may see them (filtered in SQL; distances are not).</summary>
    private static IQueryable<Candidate> Candidates(AtlasDb db, int viewerId, int conditionId, Relation? relation, Viewer viewer, DateTime now)
    {
        var country = viewer.Country;
        var withCity = viewer.HasCity;
        var relations = db.Set<MemberRelation>().AsNoTracking().Where(r => r.ConditionId == conditionId && r.MemberId != viewerId && r.ShowOnProfile);
        if (relation is { } only)
        {
            relations = relations.Where(r => r.Relation == only);
        }
        return
            from r in relations
            join l in db.Set<MemberLocation>() on r.MemberId equals l.MemberId
            join m in db.Users on r.MemberId equals m.Id
            where l.Visibility == MapVisibility.Visible && l.Country != null
                && (l.Country == country || (withCity && l.Latitude != null && l.Longitude != null))
                && (m.SuspendedUntil == null || m.SuspendedUntil <= now)
                && !db.Set<MemberBlock>().Any(b => (b.BlockerId == viewerId && b.BlockedId == m.Id) || (b.BlockerId == m.Id && b.BlockedId == viewerId))
            select new Candidate(m.Id, m.Pseudonym, r.Relation, l.CityName, l.Country!, l.Latitude, l.Longitude, l.RequestsOff);
    }

    /// <summary>
    /// The other conditions each listed member shares with the viewer, in one query: those the listed member shows to
    /// other members and the viewer has a relation to (shown or not: it is the viewer's own, and shown only to them).
    /// </summary>
    private static async Task<ILookup<int, SharedCondition>> SharedAsync(AtlasDb db, int viewerId, int conditionId, List<int> memberIds, string language, CancellationToken cancellationToken)
    {
        if (memberIds.Count == 0)
        {
            return Array.Empty<(int, SharedCondition)>().ToLookup(x => x.Item1, x => x.Item2);
        }
        var mine = db.Set<MemberRelation>().Where(r => r.MemberId == viewerId && r.ConditionId != conditionId).Select(r => r.ConditionId);
        var rows = await (
            from r in db.Set<MemberRelation>().AsNoTracking()
            where memberIds.Contains(r.MemberId) && r.ShowOnProfile && mine.Contains(r.ConditionId)
            join c in db.Conditions on r.ConditionId equals c.Id
            where !c.IsObsolete
            orderby c.SortKey
            select new
            {
                r.MemberId, c.Slug, c.Kind, c.Abbreviation,
                Name = c.Names.Where(n => n.Kind == NameKind.Preferred && n.Language == language).Select(n => n.Text).FirstOrDefault() ?? c.Name,
            })
            .ToListAsync(cancellationToken);
        return rows.ToLookup(r => r.MemberId, r => new SharedCondition(r.Slug, QuestionTemplates.NameWithAbbreviation(r.Name, r.Abbreviation), r.Kind));
    }
}
