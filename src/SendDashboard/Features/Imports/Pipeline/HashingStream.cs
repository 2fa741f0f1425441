using System.Security.Cryptography;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Reads a file once while hashing it: first the bytes already read to sniff its type, then the rest of the source.
/// The SHA-256 is ready when the end has been read, so an identical re-upload is recognised without a second pass.
/// </summary>
public sealed class HashingStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ReadOnlyMemory<byte> pendingHead = head;
    private string? sha256;

    public string Sha256 => sha256 ?? throw new InvalidOperationException("The file has not been read to the end");

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (!pendingHead.IsEmpty)
        {
            n = Math.Min(buffer.Length, pendingHead.Length);
            pendingHead.Span[..n].CopyTo(buffer);
            pendingHead = pendingHead[n..];
        }
        else
        {
            n = rest.Read(buffer);
        }
        Account(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!pendingHead.IsEmpty) return Read(buffer.Span);
        var n = await rest.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..n]);
        return n;
    }

    private void Account(ReadOnlySpan<byte> read)
    {
        if (read.Length > 0) hash.AppendData(read);
        else sha256 ??= Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
