using System.Text.Json;
using System.Threading.Channels;
using KzBot.Core.Hosting;
using KzBot.Core.Options;
using KzBot.Discord.Gateway;
using KzBot.Discord.Models;
using KzBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Bot;

/// <summary>
/// The Discord worker: runs this process's shards, keeps routing state from their dispatches on the receive loops,
/// and hands messages and interactions to a pool of workers through a channel, so a slow answer never delays a heartbeat.
/// </summary>
internal sealed class DiscordBotService(
    GatewayInfoProvider gatewayInfo,
    IdentifyGate identifyGate,
    GatewayStatus status,
    DiscordBotState state,
    MessageHandler messages,
    InteractionHandler interactions,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    IOptions<AnsweringOptions> answering,
    TimeProvider time,
    RunningBots bots,
    ILoggerFactory loggerFactory) : BackgroundService, IGatewayEventSink
{
    public const string TokenRejected = "Discord: the token was rejected — check Discord:BotToken. The Discord bot has stopped.";

    private const int QueueCapacity = 10_000;

    private readonly ILogger _logger = loggerFactory.CreateLogger<DiscordBotService>();
    private readonly Channel<GatewayFrame> _work = Channel.CreateBounded<GatewayFrame>(new BoundedChannelOptions(QueueCapacity) { SingleWriter = false });

    /// <summary>Gateway events received and not yet taken by a worker.</summary>
    internal int QueueDepth => _work.Reader.Count;
    private int _commandsRegistered;
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var o = options.Value;
        state.ApplicationId ??= o.ApplicationId;
        var info = await GetGatewayInfoAsync(stoppingToken);
        if (info is null)
        {
            return;
        }

        if (o.AnswerAllChannelIds.Count > 0 && !o.MessageContentIntent)
        {
            _logger.LogWarning("Discord:AnswerAllChannelIds is set but Discord:MessageContentIntent is off: Discord sends those channels' messages without their text, so only mentions and replies will be answered there");
        }

        var count = o.ShardCount ?? Math.Max(1, info.Shards);
        var shardIds = o.ShardIds.Count > 0 ? [.. o.ShardIds] : o.ShardId is { } only ? [only] : Enumerable.Range(0, count).ToArray();
        var intents = GatewayIntents.For(o.MessageContentIntent);
        _logger.LogInformation("Discord: running shard(s) {Shards} of {Count}", string.Join(',', shardIds), count);

        var workers = Enumerable.Range(0, o.Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        var shards = shardIds.Select(id => new ShardRunner(
            new ShardIdentity(id, count, intents, o.BotToken!),
            gatewayInfo,
            identifyGate,
            this,
            status,
            time,
            loggerFactory.CreateLogger<ShardRunner>()).RunAsync(stoppingToken)).ToList();

        await Task.WhenAll(shards);
        if (!stoppingToken.IsCancellationRequested)
        {
            bots.ReportStopped("discord", "Discord: every shard has stopped (" + string.Join("; ", status.FatalErrors.Values.Distinct()) + "); the Discord bot is not running.");
        }

        _work.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    /// <summary>The gateway URL and shard advice; retried with backoff so a network outage at start-up does not stop the host.</summary>
    private async Task<GatewayBotInfo?> GetGatewayInfoAsync(CancellationToken stoppingToken)
    {
        var backoff = ShardRunner.ReconnectBackoff();
        while (true)
        {
            try
            {
                return await gatewayInfo.GetAsync(refresh: false, stoppingToken);
            }
            catch (DiscordApiException ex) when (ex.Status == System.Net.HttpStatusCode.Unauthorized)
            {
                status.ReportFatal(-1, TokenRejected);
                bots.ReportStopped("discord", TokenRejected);
                return null;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var wait = backoff.Next();
                _logger.LogWarning("Discord: cannot read /gateway/bot ({Reason}); retrying in {Wait}", ex.Message, wait);
                await Task.Delay(wait == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : wait, time, stoppingToken);
            }
        }
    }

    public void OnDispatch(int shardId, GatewayFrame frame)
    {
        switch (frame.Type)
        {
            case "READY":
                var ready = frame.Data.Deserialize(DiscordJsonContext.Default.ReadyData)!;
                state.SelfUserId = ready.User?.Id;
                state.ApplicationId = ready.Application?.Id ?? state.ApplicationId;
                if (Interlocked.Exchange(ref _commandsRegistered, 1) == 0)
                {
                    _ = RegisterCommandsAsync(_stopping);
                }

                break;
            case "GUILD_CREATE":
                state.SetGuild(frame.Data.Deserialize(DiscordJsonContext.Default.GuildCreateData)!);
                break;
            case "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE":
                var role = frame.Data.Deserialize(DiscordJsonContext.Default.GuildRoleEventData)!;
                if (role.Role is not null)
                {
                    state.SetRole(role.GuildId, role.Role);
                }

                break;
            case "GUILD_DELETE":
                if (frame.Data.TryGetProperty("id", out var id) && id.GetString() is { } guildId)
                {
                    state.RemoveGuild(guildId);
                }

                break;
            case "MESSAGE_CREATE" or "INTERACTION_CREATE":
                if (!_work.Writer.TryWrite(frame))
                {
                    _logger.LogWarning("Discord: work queue full ({Capacity}); dropping a {Event}", QueueCapacity, frame.Type);
                }

                break;
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        await foreach (var frame in _work.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (frame.Type == "MESSAGE_CREATE")
                {
                    await messages.HandleAsync(frame.Data.Deserialize(DiscordJsonContext.Default.DiscordMessage)!, ct);
                }
                else
                {
                    await interactions.HandleAsync(frame.Data.Deserialize(DiscordJsonContext.Default.Interaction)!, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Discord: handling {Event} failed", frame.Type);
            }
        }
    }

    private async Task RegisterCommandsAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.RegisterCommands || state.ApplicationId is not { } appId)
        {
            return;
        }

        try
        {
            await rest.OverwriteCommandsAsync(appId, string.IsNullOrEmpty(o.DevGuildId) ? null : o.DevGuildId, SlashCommands.All(answering.Value.MaxQuestionLength), ct);
            _logger.LogInformation("Discord: slash commands registered {Where}", string.IsNullOrEmpty(o.DevGuildId) ? "globally" : "to the dev guild");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError("Discord: registering slash commands failed: {Reason}", ex.Message);
        }
    }
}
