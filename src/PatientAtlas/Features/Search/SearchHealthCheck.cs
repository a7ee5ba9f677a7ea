using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PatientAtlas.Features.Search;

/// <summary>
/// /healthz fails when the search index is broken: a site whose full-text table or triggers are gone (a reindex
/// killed by an older version, a bad manual repair) answers every search with nothing, and said Healthy.
/// </summary>
public sealed class SearchHealthCheck(ISearchIndex index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problem = await index.ProblemAsync(cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("search index: " + problem);
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Unhealthy("search index: " + e.Message, e);
        }
    }
}
