using System.Globalization;
using System.Text;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// Python's <c>TimedRotatingFileHandler(path, when='midnight', backupCount=31, encoding='UTF-8')</c>, which upstream
/// logs with: the live file is always PATH; the first line after local midnight renames it to <c>PATH.YYYY-MM-DD</c>
/// (the day its lines were written) and starts a new PATH; only the newest 31 dated files are kept. UTF-8 without a
/// BOM, flushed per line.
/// </summary>
/// <remarks>
/// Written here rather than taken from a library because the well-kept one we used, Serilog.Sinks.File, always puts
/// the date into the live file's name (PATH becomes <c>PATH20261205</c>), which breaks tools that watch PATH; the
/// whole behaviour is the few lines below, not worth a second logging framework.
/// </remarks>
public sealed class DailyRotatingFile : IDisposable
{
    /// <summary>upstream's <c>backupCount</c>.</summary>
    public const int BackupCount = 31;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private FileStream? _stream;
    private DateOnly _period;

    public DailyRotatingFile(string path, TimeProvider time)
    {
        _path = System.IO.Path.GetFullPath(path);
        _time = time;

        // Like Python, a live file last written on an earlier day is rotated by the first line of a later day.
        _period = File.Exists(_path)
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(File.GetLastWriteTimeUtc(_path)), time.LocalTimeZone).DateTime)
            : Today();
    }

    /// <summary>The live file.</summary>
    public string Path => _path;

    /// <summary>The time source's local "now" (the timestamp of a line and the day it belongs to).</summary>
    public DateTimeOffset LocalNow => _time.GetLocalNow();

    /// <summary>Appends <paramref name="text"/> and a newline, rotating first when the day changed.</summary>
    public void WriteLine(string text)
    {
        var bytes = Utf8NoBom.GetBytes(text + "\n");
        lock (_lock)
        {
            var today = Today();
            if (today != _period)
            {
                Rotate();
                _period = today;
            }

            _stream ??= new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetLocalNow().DateTime);

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        if (File.Exists(_path))
        {
            // Python removes an existing file of that name first; Move with overwrite does the same.
            File.Move(_path, $"{_path}.{_period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", overwrite: true);
        }

        // Python's getFilesToDelete: PATH.<date> files, oldest first, beyond the newest BackupCount.
        var directory = System.IO.Path.GetDirectoryName(_path)!;
        var prefix = System.IO.Path.GetFileName(_path) + ".";
        var backups = Directory.EnumerateFiles(directory, prefix + "*")
            .Where(file => IsDatedSuffix(System.IO.Path.GetFileName(file)[prefix.Length..]))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var old in backups.Take(Math.Max(0, backups.Count - BackupCount)))
        {
            File.Delete(old);
        }
    }

    private static bool IsDatedSuffix(string suffix)
        => DateOnly.TryParseExact(suffix, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
