using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// A fact of the shared journal suite: it runs once per engine subclass, and is reported SKIPPED (with the reason)
/// on the PostgreSQL subclass when <c>KRAKENBOT_TEST_POSTGRES</c> is not set. CI always sets it (.ci/postgres).
/// </summary>
[XunitTestCaseDiscoverer("KrakenBot.Connector.Tests.Storage.Engines.EngineFactDiscoverer", "KrakenBot.Connector.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="EngineFactAttribute"/> tests, skipping those whose class needs a PostgreSQL that is not there.</summary>
public sealed class EngineFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresPostgres).IsAssignableFrom(type) && TestPostgres.SkipReason is { } reason)
        {
            return new SkippedEngineTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}

/// <summary>Marks a test class that runs against the test PostgreSQL.</summary>
public interface IRequiresPostgres
{
}

/// <summary>A test case reported as skipped with a reason decided at discovery.</summary>
public sealed class SkippedEngineTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedEngineTestCase()
    {
    }

    /// <summary>Creates the case.</summary>
    public SkippedEngineTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
        SkipReason = reason;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("EngineSkipReason", _reason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        base.Deserialize(data);
        _reason = data.GetValue<string>("EngineSkipReason");
        SkipReason = _reason;
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
