namespace K2hr3.AppHost.Hosting;

/// <summary>An image and its tag as <c>K2hr3:Images</c> configures them (the registry is <c>K2hr3:Images:Registry</c>).</summary>
internal readonly record struct ContainerImageReference(string Image, string Tag);
