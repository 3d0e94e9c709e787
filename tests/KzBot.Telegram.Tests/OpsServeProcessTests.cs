using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

/// <summary><c>serve</c> as its own process, with the ops endpoint, against the loopback Bot API.</summary>
public sealed class OpsServeProcessTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kzbot-ops-serve-").FullName;

    [Fact]
    public async Task Serve_opens_the_ops_endpoint_before_its_first_index_so_the_index_is_measured_and_then_becomes_ready()
    {
        await using var api = await FakeBotApi.StartAsync();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            Path.Combine(Repo.Root, "src", "KzBot", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "KzBot.dll"),
            "serve", "--data", _data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None",
            "--Telegram:ApiBaseUrl=" + api.BaseUrl, $"--Ops:Urls=http://127.0.0.1:{port}",
        })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["KZBOT__Telegram__BotToken"] = FakeBotApi.Token;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, process, stderr);

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Equal(1, OpsEndpointTests.Sample(metrics, "kzbot_reload_duration_seconds_count", "result=\"ok\""));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => TestWorkspace.Delete(_data);

    /// <summary>Polls until <paramref name="ready"/> holds; connection errors while the process starts count as not yet.</summary>
    private static async Task UntilAsync(Func<Task<bool>> ready, Process process, Task<string> stderr)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"serve exited with {process.ExitCode}: {await stderr}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("serve's ops endpoint never said ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
