using System.Diagnostics;

namespace KzBot.Core.Tests;

public sealed record CliResult(int Code, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the real executable as a newcomer would: its own process, standard output and error, exit code.</summary>
public static class KzBotProcess
{
    // The host project's own output (its deps.json lists every package it needs); the test build compiles it.
    public static string Dll { get; } = Path.Combine(
        Repo.Root, "src", "KzBot", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "KzBot.dll");

    /// <param name="environment">Extra environment variables; the bot tokens of the test run's own environment are always removed.</param>
    /// <param name="unprivileged">Run as nobody when the tests run as root: file permissions only bind non-root users.</param>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        bool unprivileged = false)
    {
        var asNobody = unprivileged && !OperatingSystem.IsWindows() && NobodyRuntime.IsRoot;
        var psi = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet")
        {
            WorkingDirectory = workingDirectory ?? (unprivileged ? Path.GetTempPath() : Repo.Root),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (asNobody && !OperatingSystem.IsWindows())
        {
            // setpriv (util-linux; .ci/run installs it when missing) drops to nobody for the whole process.
            foreach (var a in new[] { $"--reuid={NobodyRuntime.Nobody}", $"--regid={NobodyRuntime.Nobody}", "--clear-groups", "--", NobodyRuntime.Dotnet })
            {
                psi.ArgumentList.Add(a);
            }

            psi.ArgumentList.Add(NobodyRuntime.KzBotDll);
        }
        else
        {
            psi.ArgumentList.Add(Dll);
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var key in new[] { "KZBOT__Telegram__BotToken", "KZBOT__Discord__BotToken", "KZBOT__Llm__ApiKey" })
        {
            psi.Environment.Remove(key);
        }

        if (unprivileged)
        {
            // nobody's home does not exist; the host only needs somewhere harmless.
            psi.Environment["HOME"] = Path.GetTempPath();
            psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kzbot {string.Join(' ', args)} did not exit within {timeout ?? TimeSpan.FromSeconds(60)}; output so far: {await stdout} {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
