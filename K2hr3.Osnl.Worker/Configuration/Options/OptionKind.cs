namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>The oslo.config option types k2hr3_osnl uses (StrOpt, IntOpt, BoolOpt, DictOpt).</summary>
internal enum OptionKind
{
    String,
    Integer,
    Boolean,
    Dictionary,
}
