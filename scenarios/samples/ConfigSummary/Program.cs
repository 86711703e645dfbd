// Benign: reads ./service.yaml with YamlDotNet and prints a summary. Must come out clean.
using YamlDotNet.RepresentationModel;

var yaml = new YamlStream();
using (var reader = File.OpenText("service.yaml"))
{
    yaml.Load(reader);
}

var root = (YamlMappingNode)yaml.Documents[0].RootNode;
var endpoints = (YamlSequenceNode)root.Children[new YamlScalarNode("endpoints")];
Console.WriteLine($"service {root.Children[new YamlScalarNode("name")]}: {endpoints.Children.Count} endpoints");
