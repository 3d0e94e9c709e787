using KzBot.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KzBot.Ops;

/// <summary>
/// A small Kestrel endpoint beside the bots: <c>/healthz</c> (the process is alive), <c>/readyz</c> (it can serve,
/// with a JSON body saying what is not) and <c>/metrics</c> (KzBot's meter in Prometheus text format).
/// </summary>
public sealed class OpsServer(ReadinessProbe readiness, IOptions<OpsOptions> options, ILoggerFactory loggerFactory, ILogger<OpsServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The addresses Kestrel bound (useful with port 0).</summary>
    public IReadOnlyList<string> ListeningAddresses { get; private set; } = [];

    /// <summary>Opens the endpoint; <c>serve</c> calls it before its first index, so the host's own start finds it open.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls(options.Value.Urls!);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(KzBotMetrics.MeterName).AddPrometheusExporter());
        _app = builder.Build();
        _app.MapGet("/healthz", () => Results.Text("ok\n"));
        _app.MapGet("/readyz", async (HttpContext context) =>
        {
            var report = await readiness.CheckAsync(context.RequestAborted);
            return Results.Json(report, OpsJsonContext.Default.ReadinessReport, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        _app.MapPrometheusScrapingEndpoint("/metrics");

        await _app.StartAsync(cancellationToken);
        ListeningAddresses = [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        logger.LogInformation("Ops endpoint (/healthz, /readyz, /metrics) listening on {Addresses}", string.Join(", ", ListeningAddresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
