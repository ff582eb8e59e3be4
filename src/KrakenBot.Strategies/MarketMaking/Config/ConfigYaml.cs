using YamlDotNet.RepresentationModel;

namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>The top of a strategy config file (Avellaneda, triangular arbitrage, executors): one YAML map of key: value.</summary>
internal static class ConfigYaml
{
    /// <summary>The file's root map.</summary>
    /// <exception cref="ConfigException">Not YAML, or not a map.</exception>
    public static YamlMappingNode ReadRoot(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException("(file)", null, $"The file is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException("(file)", null, "The file holds no settings: write one 'key: value' per line.");
        return root;
    }
}
