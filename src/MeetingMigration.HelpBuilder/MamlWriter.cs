using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>
    /// Writes the MAML help file PowerShell reads for a binary module (&lt;module&gt;/&lt;culture&gt;/&lt;Assembly&gt;.dll-Help.xml),
    /// element for element as platyPS writes it. XmlWriter does the escaping.
    /// </summary>
    public static class MamlWriter
    {
        public const string MshNs = "http://msh";
        public const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
        public const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";
        public const string MSHelpNs = "http://msdn.microsoft.com/mshelp";

        public static string Write(IEnumerable<CommandHelp> commands)
        {
            var text = new StringBuilder();
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using (var stringWriter = new Utf8StringWriter(text))
            using (var xml = XmlWriter.Create(stringWriter, settings))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("helpItems", MshNs);
                xml.WriteAttributeString("schema", "maml");
                xml.WriteAttributeString("xmlns", "maml", null, MamlNs);
                xml.WriteAttributeString("xmlns", "command", null, CommandNs);
                xml.WriteAttributeString("xmlns", "dev", null, DevNs);
                xml.WriteAttributeString("xmlns", "MSHelp", null, MSHelpNs);
                foreach (var command in commands) WriteCommand(xml, command);
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }
            return text.ToString() + "\n";
        }

        private static void WriteCommand(XmlWriter xml, CommandHelp command)
        {
            xml.WriteStartElement("command", "command", CommandNs);

            xml.WriteStartElement("command", "details", CommandNs);
            xml.WriteElementString("command", "name", CommandNs, command.Name);
            xml.WriteElementString("command", "verb", CommandNs, command.Verb);
            xml.WriteElementString("command", "noun", CommandNs, command.Noun);
            Description(xml, command.Synopsis);
            xml.WriteEndElement();

            Description(xml, command.Description);

            xml.WriteStartElement("command", "syntax", CommandNs);
            foreach (var item in command.Syntax)
            {
                xml.WriteStartElement("command", "syntaxItem", CommandNs);
                xml.WriteElementString("maml", "name", MamlNs, command.Name);
                foreach (var parameter in item.Parameters) SyntaxParameter(xml, parameter);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();

            xml.WriteStartElement("command", "parameters", CommandNs);
            foreach (var parameter in command.Parameters) Parameter(xml, parameter);
            xml.WriteEndElement();

            TypeList(xml, "inputTypes", "inputType", command.Inputs);
            TypeList(xml, "returnValues", "returnValue", command.Outputs);

            if (command.Notes.Count > 0)
            {
                xml.WriteStartElement("maml", "alertSet", MamlNs);
                xml.WriteStartElement("maml", "alert", MamlNs);
                Paras(xml, command.Notes);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteStartElement("command", "examples", CommandNs);
            foreach (var example in command.Examples)
            {
                xml.WriteStartElement("command", "example", CommandNs);
                xml.WriteElementString("maml", "title", MamlNs, "-------------------------- " + example.Title + " --------------------------");
                xml.WriteElementString("dev", "code", DevNs, example.Code);
                xml.WriteStartElement("dev", "remarks", DevNs);
                Paras(xml, example.Remarks);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();

            xml.WriteStartElement("command", "relatedLinks", CommandNs);
            foreach (var link in command.RelatedLinks)
            {
                xml.WriteStartElement("maml", "navigationLink", MamlNs);
                xml.WriteElementString("maml", "linkText", MamlNs, link.Text);
                xml.WriteElementString("maml", "uri", MamlNs, link.Uri);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();

            xml.WriteEndElement();
        }

        private static void SyntaxParameter(XmlWriter xml, SyntaxParameter entry)
        {
            var parameter = entry.Parameter;
            xml.WriteStartElement("command", "parameter", CommandNs);
            ParameterAttributes(xml, parameter, entry.Required, entry.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named");
            xml.WriteElementString("maml", "name", MamlNs, parameter.Name);
            Description(xml, parameter.Description);
            if (parameter.AcceptedValues.Count > 0)
            {
                xml.WriteStartElement("command", "parameterValueGroup", CommandNs);
                foreach (var value in parameter.AcceptedValues)
                {
                    xml.WriteStartElement("command", "parameterValue", CommandNs);
                    xml.WriteAttributeString("required", "false");
                    xml.WriteAttributeString("command", "variableLength", CommandNs, "false");
                    xml.WriteString(value);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            if (!parameter.IsSwitch) ParameterValue(xml, parameter);
            DevType(xml, parameter);
            xml.WriteElementString("dev", "defaultValue", DevNs, parameter.DefaultValue);
            xml.WriteEndElement();
        }

        private static void Parameter(XmlWriter xml, ParameterHelp parameter)
        {
            xml.WriteStartElement("command", "parameter", CommandNs);
            ParameterAttributes(xml, parameter, parameter.Required, parameter.PositionText);
            xml.WriteElementString("maml", "name", MamlNs, parameter.Name);
            Description(xml, parameter.Description);
            ParameterValue(xml, parameter);
            DevType(xml, parameter);
            xml.WriteElementString("dev", "defaultValue", DevNs, parameter.DefaultValue);
            xml.WriteEndElement();
        }

        private static void ParameterAttributes(XmlWriter xml, ParameterHelp parameter, bool required, string position)
        {
            xml.WriteAttributeString("required", required ? "true" : "false");
            xml.WriteAttributeString("variableLength", "true");
            xml.WriteAttributeString("globbing", parameter.Globbing ? "true" : "false");
            xml.WriteAttributeString("pipelineInput", parameter.PipelineInput);
            xml.WriteAttributeString("position", position);
            xml.WriteAttributeString("aliases", parameter.AliasesText);
        }

        private static void ParameterValue(XmlWriter xml, ParameterHelp parameter)
        {
            xml.WriteStartElement("command", "parameterValue", CommandNs);
            xml.WriteAttributeString("required", parameter.IsSwitch ? "false" : "true");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(parameter.TypeName);
            xml.WriteEndElement();
        }

        private static void DevType(XmlWriter xml, ParameterHelp parameter)
        {
            xml.WriteStartElement("dev", "type", DevNs);
            xml.WriteElementString("maml", "name", MamlNs, parameter.TypeFullName);
            xml.WriteElementString("maml", "uri", MamlNs, "");
            xml.WriteEndElement();
        }

        private static void TypeList(XmlWriter xml, string listName, string itemName, IReadOnlyList<TypeEntry> entries)
        {
            xml.WriteStartElement("command", listName, CommandNs);
            foreach (var entry in entries)
            {
                xml.WriteStartElement("command", itemName, CommandNs);
                xml.WriteStartElement("dev", "type", DevNs);
                xml.WriteElementString("maml", "name", MamlNs, entry.TypeName);
                xml.WriteEndElement();
                Description(xml, entry.Description);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }

        private static void Description(XmlWriter xml, IReadOnlyList<Block> blocks)
        {
            xml.WriteStartElement("maml", "description", MamlNs);
            Paras(xml, blocks);
            xml.WriteEndElement();
        }

        private static readonly System.Text.RegularExpressions.Regex InlineCode = new System.Text.RegularExpressions.Regex("`([^`\r\n]+)`");

        /// <summary>One maml:para per paragraph, list item ("- " kept) or code block (its lines kept).</summary>
        private static void Paras(XmlWriter xml, IReadOnlyList<Block> blocks)
        {
            foreach (var block in blocks)
            {
                // Markdown's inline-code backticks are for the rendered page; in a console they are noise.
                var prose = block.Kind == BlockKind.Code ? block.Text : InlineCode.Replace(block.Text, "$1");
                var text = block.Kind == BlockKind.ListItem ? "- " + prose : prose;
                xml.WriteElementString("maml", "para", MamlNs, text);
            }
        }

        private sealed class Utf8StringWriter : StringWriter
        {
            public Utf8StringWriter(StringBuilder builder) : base(builder, CultureInfo.InvariantCulture) { }
            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }
}
