using System.CommandLine;

namespace PatientAtlas.Features.Catalog;

public static class CatalogVerbs
{
    public static IEnumerable<Command> Commands() => [];
}
