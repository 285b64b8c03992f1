namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>The checkout the tests run from: the folder holding SocketIoSharp.sln, found from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SocketIoSharp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SocketIoSharp.sln above {AppContext.BaseDirectory}.");
    }
}
