using System.Diagnostics;

namespace KzBot.Core.Tests;

/// <summary>Runs the real KzBot executable, as the current user or (when the tests run as root) as nobody.</summary>
internal static class CliProcess
{
    /// <summary>The unprivileged account a root test run drops to: file permissions only bind non-root users.</summary>
    public const int Nobody = 65534;

    // The host project's own output (its deps.json lists every package it needs); the test build compiles it.
    public static string KzBotDll { get; } = Path.Combine(
        Repo.Root, "src", "KzBot", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "KzBot.dll");

    public static bool IsRoot => Environment.UserName == "root" || Mono.Unix.Native.Syscall.geteuid() == 0;

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? stdin, bool unprivileged, IReadOnlyList<string> args)
    {
        ProcessStartInfo psi;
        var dll = KzBotDll;
        if (unprivileged && IsRoot && !OperatingSystem.IsWindows())
        {
            // setpriv (util-linux) is in every Debian/Ubuntu image CI uses; without it this test cannot mean anything.
            psi = new ProcessStartInfo("setpriv");
            foreach (var a in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", NobodyRuntime.Dotnet })
            {
                psi.ArgumentList.Add(a);
            }

            dll = NobodyRuntime.KzBotDll;
        }
        else
        {
            psi = new ProcessStartInfo("dotnet");
        }

        psi.WorkingDirectory = unprivileged ? Path.GetTempPath() : Repo.Root;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var key in new[] { "KZBOT__Telegram__BotToken", "KZBOT__Discord__BotToken" })
        {
            psi.Environment.Remove(key);
        }

        if (unprivileged)
        {
            // nobody's home does not exist; the host only needs somewhere harmless.
            psi.Environment["HOME"] = Path.GetTempPath();
            psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
