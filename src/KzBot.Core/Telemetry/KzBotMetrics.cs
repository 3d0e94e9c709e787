using System.Diagnostics.Metrics;

namespace KzBot.Core.Telemetry;

/// <summary>
/// KzBot's one <see cref="Meter"/> and its instruments. Parts record into it; an exporter (the ops endpoint's
/// Prometheus scrape) reads it by <see cref="MeterName"/>, so nothing here depends on how metrics leave the process.
/// </summary>
public sealed class KzBotMetrics
{
    public const string MeterName = "KzBot";

    /// <summary>Seconds, from a cache hit to a slow model call or a large re-index.</summary>
    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    private readonly Counter<long> _questions;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _answerDuration;
    private readonly Histogram<double> _retrievalDuration;
    private readonly Histogram<double> _reloadDuration;
    private readonly Counter<long> _sendErrors;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _heartbeatLatency;

    public KzBotMetrics(IMeterFactory meterFactory, IEnumerable<QueueDepthSource> queues, IEnumerable<EmbeddingBacklogSource> backlogs)
    {
        var meter = meterFactory.Create(MeterName);
        _questions = meter.CreateCounter<long>("kzbot.questions", "{question}", "Questions answered or refused.");
        _refusals = meter.CreateCounter<long>("kzbot.refusals", "{question}", "Questions refused because the sources do not cover them.");
        _answerDuration = meter.CreateHistogram<double>("kzbot.answer.duration", "s", "Time from a question to its composed answer.", tags: null, advice: DurationBuckets);
        _retrievalDuration = meter.CreateHistogram<double>("kzbot.retrieval.duration", "s", "Time spent finding passages for one question.", tags: null, advice: DurationBuckets);
        _reloadDuration = meter.CreateHistogram<double>("kzbot.reload.duration", "s", "Time one re-index took, by result.", tags: null, advice: DurationBuckets);
        _sendErrors = meter.CreateCounter<long>("kzbot.platform.send_errors", "{error}", "Platform calls that failed for good.");
        _rateLimited = meter.CreateCounter<long>("kzbot.platform.rate_limited", "{response}", "429 answers from a platform.");
        _heartbeatLatency = meter.CreateHistogram<double>("kzbot.gateway.heartbeat_latency", "s", "Discord gateway heartbeat to acknowledgement.", tags: null, advice: DurationBuckets);

        var queueList = queues.ToList();
        meter.CreateObservableGauge(
            "kzbot.queue.depth",
            () => queueList.Select(q => new Measurement<long>(q.Depth(), new KeyValuePair<string, object?>("queue", q.Queue))),
            "{item}",
            "Items waiting in a work queue.");
        var backlogList = backlogs.ToList();
        meter.CreateObservableGauge(
            "kzbot.embedding.backlog",
            () => backlogList.Select(b => new Measurement<long>(b.Missing())),
            "{text}",
            "Passages still waiting for their vectors.");
    }

    public void RecordAnswer(string platform, bool refused, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("platform", platform);
        _questions.Add(1, tag);
        if (refused)
        {
            _refusals.Add(1, tag);
        }

        _answerDuration.Record(elapsed.TotalSeconds, tag);
    }

    public void RecordRetrieval(TimeSpan elapsed) => _retrievalDuration.Record(elapsed.TotalSeconds);

    /// <param name="result">"ok", "partial" (some sources failed), "failed", or "refused" (another reload was running).</param>
    public void RecordReload(TimeSpan elapsed, string result) =>
        _reloadDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", result));

    public void RecordSendError(string platform) => _sendErrors.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void RecordRateLimited(string platform) => _rateLimited.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void RecordHeartbeat(int shard, TimeSpan latency) =>
        _heartbeatLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("shard", shard));
}
