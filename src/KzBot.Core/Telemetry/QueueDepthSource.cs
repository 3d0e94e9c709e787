namespace KzBot.Core.Telemetry;

/// <summary>A work queue whose depth is reported as <c>kzbot.queue.depth{queue=…}</c>; registered by the queue's owner.</summary>
public sealed record QueueDepthSource(string Queue, Func<long> Depth);
