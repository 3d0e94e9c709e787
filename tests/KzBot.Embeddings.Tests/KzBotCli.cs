using System.Diagnostics;

namespace KzBot.Embeddings.Tests;

/// <summary>The real executable, as an admin runs it: its standard output, standard error and exit code.</summary>
public static class KzBotCli
{
    // The host project's own output (its deps.json lists every package it needs); the test build compiles it.
    private static string Dll { get; } = Path.Combine(
        Repo.Root, "src", "KzBot", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "KzBot.dll");

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("KZBOT__Retrieval__RemoteEmbeddings__ApiKey");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }
}
