using System.Globalization;

namespace PatientAtlas.Features.Questions;

public enum ExperienceSort
{
    Newest,
    Helpful,
}

/// <summary>
/// Keyset paging position: the sort key and id of the last experience shown ("638000000000000000-42").
/// Page 500 costs what page 1 costs: the database seeks to the key instead of counting past rows.
/// </summary>
public readonly record struct ExperienceCursor(long Key, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Key}-{Id}");

    public static bool TryParse(string? text, out ExperienceCursor cursor)
    {
        cursor = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        if (key > DateTime.MaxValue.Ticks)
        {
            // Larger than any time or helpful count: not a position we could have handed out.
            return false;
        }
        cursor = new ExperienceCursor(key, id);
        return true;
    }

    public static bool TryParseSort(string? text, out ExperienceSort sort)
    {
        sort = ExperienceSort.Newest;
        switch (text)
        {
            case null or "" or "newest":
                return true;
            case "helpful":
                sort = ExperienceSort.Helpful;
                return true;
            default:
                return false;
        }
    }
}
