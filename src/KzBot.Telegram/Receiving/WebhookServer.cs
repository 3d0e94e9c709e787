using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KzBot.Core.Coordination;
using KzBot.Telegram.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Webhook mode: a Kestrel endpoint inside the KzBot process that checks Telegram's secret header, queues the update
/// and answers 200 at once (Telegram re-sends updates that are not acknowledged quickly), then registers the webhook.
/// </summary>
internal sealed class WebhookServer(
    TelegramClientFactory clients,
    BotStartup startup,
    UpdateQueue queue,
    TokenRedactor redactor,
    ILoggerFactory loggerFactory,
    IOptions<TelegramOptions> options,
    IUpdateClaims claims,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookServer> logger) : BackgroundService
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private WebApplication? _app;

    /// <summary>The address Kestrel bound (useful with port 0).</summary>
    public string? ListeningAddress { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls(o.WebhookListenUrl);
        _app = builder.Build();
        _app.MapPost(new Uri(o.WebhookUrl!).AbsolutePath, ReceiveAsync);

        // Listen before telling Telegram where to post, so no update arrives at a closed port.
        await _app.StartAsync(cancellationToken);
        ListeningAddress = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        logger.LogInformation("Telegram webhook endpoint listening on {Address}", ListeningAddress);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var o = options.Value;
            var bot = clients.Create();
            await startup.RunAsync(bot, stoppingToken);
            await startup.RetryUntilDoneAsync(
                "setWebhook",
                () => bot.SetWebhook(o.WebhookUrl!, allowedUpdates: PollingWorker.AllowedUpdates, secretToken: o.WebhookSecretToken, cancellationToken: stoppingToken),
                stoppingToken);
            logger.LogInformation("Telegram webhook set");
        }
        catch (global::Telegram.Bot.Exceptions.ApiRequestException ex) when (BotStartup.IsTokenRejected(ex))
        {
            startup.StopForRejectedToken();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        if (!SecretMatches(context.Request.Headers[SecretHeader].ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // A stopping process takes no new update: Telegram re-sends one it did not acknowledge, to whichever
        // replica answers next.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Ignored a malformed webhook update: {Error}", redactor.Describe(ex));
            update = null;
        }

        if (update is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Telegram re-sends an update it saw no answer to, and a load balancer may hand one to two replicas: the
        // first claim answers it, every other copy is only acknowledged.
        if (await claims.TryClaimAsync("telegram", update.Id, context.RequestAborted))
        {
            try
            {
                await queue.EnqueueAsync(update, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // Dropped while waiting for room in a full queue: Telegram will send it again, and that copy must count.
                await claims.ReleaseAsync("telegram", update.Id, CancellationToken.None);
                throw;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private bool SecretMatches(string received)
    {
        var expected = Encoding.UTF8.GetBytes(options.Value.WebhookSecretToken ?? "");
        return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(received));
    }
}
