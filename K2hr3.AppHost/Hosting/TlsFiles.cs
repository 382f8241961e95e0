namespace K2hr3.AppHost.Hosting;

/// <summary>PEM files for an https API/app, as the component sees them (host paths or container paths).</summary>
internal sealed record TlsFiles(string KeyFile, string CertFile, string CaFile);
