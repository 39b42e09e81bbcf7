namespace Venvid.MediaWorker.Media;

/// <summary>The input is unusable (not a video, too large, corrupt): a permanent failure with a reason shown to the uploader.</summary>
public sealed class MediaRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
