namespace PatientAtlas.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, for tests that read sources or run scripts.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientAtlas.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("PatientAtlas.slnx not found above " + AppContext.BaseDirectory);
    }
}
