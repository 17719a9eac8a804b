namespace ClaudeMem.Generation.Queue;

/// <summary>Thrown by a job handler to fail the job at once, whatever attempts are left.</summary>
public sealed class UnrecoverableJobException(string message, Exception? inner = null) : Exception(message, inner);
