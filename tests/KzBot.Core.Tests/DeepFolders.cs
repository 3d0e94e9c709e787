using System.Diagnostics;

namespace KzBot.Core.Tests;

/// <summary>
/// Folder chains deeper than the OS path limit (PATH_MAX): only a shell stepping in one level at a time can
/// create or remove them, as .NET's file APIs take whole paths.
/// </summary>
internal static class DeepFolders
{
    public static void Create(string root, int pathLength)
    {
        var name = new string('d', 200);
        Shell($"mkdir -p \"$0\" && cd \"$0\" && for i in $(seq {(pathLength / 201) + 1}); do mkdir {name} && cd {name}; done && echo 'Deep\n\nHidden text.' > deep.txt", root);
    }

    public static void Delete(string root) => Shell("rm -rf \"$0\"", root);

    private static void Shell(string script, string argument)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }
}
