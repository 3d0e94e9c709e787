using System.Runtime.Versioning;

namespace KzBot.Core.Tests;

/// <summary>
/// The dotnet host and KzBot's build output as the unprivileged user can reach them. CI may keep either under
/// a folder only root can enter (/root): then they are mirrored, by hard links where the file system allows and
/// by copies where not, into a temporary folder everyone can read.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class NobodyRuntime
{
    /// <summary>The unprivileged account a root test run drops to.</summary>
    public const int Nobody = 65534;

    private static readonly Lazy<(string Dotnet, string KzBotDll)> Paths = new(Prepare);

    public static bool IsRoot => Mono.Unix.Native.Syscall.geteuid() == 0;

    public static string Dotnet => Paths.Value.Dotnet;

    public static string KzBotDll => Paths.Value.KzBotDll;

    private static (string, string) Prepare()
    {
        var dotnet = FindDotnet();
        var dll = KzBotProcess.Dll;
        if (EveryoneCanRun(dotnet) && EveryoneCanRun(dll))
        {
            return (dotnet, dll);
        }

        var mirror = Directory.CreateTempSubdirectory("kzbot-nobody-").FullName;
        File.SetUnixFileMode(mirror, Traversable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestWorkspace.Delete(mirror);
        var dotnetRoot = Path.GetDirectoryName(dotnet)!;
        var dotnetMirror = Path.Combine(mirror, "dotnet");
        Directory.CreateDirectory(dotnetMirror);
        File.SetUnixFileMode(dotnetMirror, Traversable);
        MirrorFile(dotnet, Path.Combine(dotnetMirror, Path.GetFileName(dotnet)));
        foreach (var part in new[] { "host", "shared" })
        {
            MirrorFolder(Path.Combine(dotnetRoot, part), Path.Combine(dotnetMirror, part));
        }

        var app = Path.Combine(mirror, "app");
        MirrorFolder(Path.GetDirectoryName(dll)!, app);
        return (Path.Combine(dotnetMirror, Path.GetFileName(dotnet)), Path.Combine(app, Path.GetFileName(dll)));
    }

    private const UnixFileMode Traversable = (UnixFileMode)0b111_101_101;

    private static string FindDotnet()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "dotnet"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("dotnet is not on PATH");
        return new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(onPath);
    }

    private static bool EveryoneCanRun(string file)
    {
        if (!File.GetUnixFileMode(file).HasFlag(UnixFileMode.OtherRead))
        {
            return false;
        }

        for (var dir = Path.GetDirectoryName(file); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (!File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private static void MirrorFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Traversable);
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            MirrorFolder(dir, Path.Combine(target, Path.GetFileName(dir)));
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            MirrorFile(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    private static void MirrorFile(string source, string target)
    {
        var mode = File.GetUnixFileMode(source);
        if (mode.HasFlag(UnixFileMode.OtherRead) && Mono.Unix.Native.Syscall.link(source, target) == 0)
        {
            return;
        }

        File.Copy(source, target);
        File.SetUnixFileMode(target, mode | UnixFileMode.OtherRead | (mode.HasFlag(UnixFileMode.UserExecute) ? UnixFileMode.OtherExecute : 0));
    }
}
