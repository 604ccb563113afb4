using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>A parameter's binding in one parameter set ([Parameter] attribute).</summary>
    public sealed record ParameterSetBinding(string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

    /// <summary>What the cmdlet class declares about one parameter.</summary>
    public sealed record ParameterMetadata(
        string Name,
        string TypeName,
        string TypeFullName,
        bool IsSwitch,
        IReadOnlyList<string> Aliases,
        IReadOnlyList<ParameterSetBinding> Sets,
        bool DontShow,
        IReadOnlyList<string> EnumValues)
    {
        public bool Mandatory => Sets.Any(s => s.Mandatory);
        public bool ByValue => Sets.Any(s => s.ValueFromPipeline);
        public bool ByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);
        /// <summary>The position when the parameter is positional (the first set that gives one), else null.</summary>
        public int? Position => Sets.Select(s => s.Position).FirstOrDefault(p => p.HasValue);
    }

    /// <summary>What a cmdlet class declares: [Cmdlet], [OutputType] and its parameters.</summary>
    public sealed record CmdletMetadata(
        string Name,
        bool SupportsShouldProcess,
        string? DefaultParameterSetName,
        IReadOnlyList<ParameterMetadata> Parameters,
        IReadOnlyList<string> OutputTypes)
    {
        /// <summary>The parameters PowerShell adds for ShouldProcess, as the engine declares them.</summary>
        public static IReadOnlyList<ParameterMetadata> ShouldProcessParameters { get; } = new[]
        {
            new ParameterMetadata("WhatIf", "SwitchParameter", "System.Management.Automation.SwitchParameter", true, new[] { "wi" },
                new[] { new ParameterSetBinding("__AllParameterSets", false, null, false, false) }, false, Array.Empty<string>()),
            new ParameterMetadata("Confirm", "SwitchParameter", "System.Management.Automation.SwitchParameter", true, new[] { "cf" },
                new[] { new ParameterSetBinding("__AllParameterSets", false, null, false, false) }, false, Array.Empty<string>()),
        };

        /// <summary>Declared parameters plus WhatIf and Confirm when the cmdlet supports ShouldProcess.</summary>
        public IEnumerable<ParameterMetadata> AllParameters =>
            SupportsShouldProcess ? Parameters.Concat(ShouldProcessParameters) : Parameters;
    }

    /// <summary>
    /// Reads the cmdlets of a module assembly with MetadataLoadContext: attributes only, nothing is loaded for execution,
    /// so a netstandard2.0 assembly built on PowerShell Standard reads the same as one built on PowerShell 7.
    /// </summary>
    public static class CmdletMetadataReader
    {
        private const string Sma = "System.Management.Automation.";

        /// <param name="assemblyPath">The module assembly.</param>
        /// <param name="references">Assemblies (files) or folders of assemblies it needs resolved (System.Management.Automation at least);
        /// this runtime's folder and the assembly's own folder are always searched.</param>
        public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath, IEnumerable<string> references)
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            void AddFile(string file)
            {
                // The first one given wins.
                var name = Path.GetFileNameWithoutExtension(file);
                if (!paths.ContainsKey(name)) paths[name] = Path.GetFullPath(file);
            }
            void AddFolder(string folder)
            {
                foreach (var file in Directory.GetFiles(folder, "*.dll")) AddFile(file);
            }

            AddFile(assemblyPath);
            foreach (var reference in references)
            {
                if (Directory.Exists(reference)) AddFolder(reference);
                else if (File.Exists(reference)) AddFile(reference);
                else throw new FileNotFoundException($"The reference '{reference}' does not exist.", reference);
            }
            // The runtime's framework assemblies before the module's copies of older framework packages (System.Memory...).
            AddFolder(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            AddFolder(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!);

            using var context = new MetadataLoadContext(new PathAssemblyResolver(paths.Values), typeof(object).Assembly.GetName().Name);
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            var result = new List<CmdletMetadata>();
            foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.IsPublic))
            {
                var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
                if (cmdlet == null) continue;
                var name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
                var shouldProcess = Named(cmdlet, "SupportsShouldProcess") is bool b && b;
                var defaultSet = Named(cmdlet, "DefaultParameterSetName") as string;

                var parameters = new List<ParameterMetadata>();
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    var bindings = property.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute").ToList();
                    if (bindings.Count == 0) continue;
                    var aliases = property.GetCustomAttributesData()
                        .Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
                        .SelectMany(a => a.ConstructorArguments.SelectMany(Strings)).ToList();
                    var sets = bindings.Select(a => new ParameterSetBinding(
                        Named(a, "ParameterSetName") as string ?? "__AllParameterSets",
                        Named(a, "Mandatory") is bool m && m,
                        Named(a, "Position") is int p && p >= 0 ? p : null,
                        Named(a, "ValueFromPipeline") is bool v && v,
                        Named(a, "ValueFromPipelineByPropertyName") is bool n && n)).ToList();
                    var dontShow = bindings.Any(a => Named(a, "DontShow") is bool d && d);
                    var propertyType = property.PropertyType;
                    var shown = Nullable(propertyType) ?? propertyType;
                    var enumValues = shown.IsEnum
                        ? shown.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList()
                        : new List<string>();
                    parameters.Add(new ParameterMetadata(property.Name, ShortName(shown), FullName(shown),
                        shown.FullName == Sma + "SwitchParameter", aliases, sets, dontShow, enumValues));
                }

                var outputs = type.GetCustomAttributesData()
                    .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
                    .SelectMany(a => a.ConstructorArguments.SelectMany(TypeNames)).Distinct().ToList();
                result.Add(new CmdletMetadata(name, shouldProcess, defaultSet, parameters, outputs));
            }
            return result.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }

        private static object? Named(CustomAttributeData attribute, string name) =>
            attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

        private static IEnumerable<string> Strings(CustomAttributeTypedArgument argument) =>
            argument.Value switch
            {
                string s => new[] { s },
                IEnumerable<CustomAttributeTypedArgument> items => items.SelectMany(Strings),
                _ => Array.Empty<string>(),
            };

        private static IEnumerable<string> TypeNames(CustomAttributeTypedArgument argument) =>
            argument.Value switch
            {
                Type t => new[] { FullName(t) },
                string s => new[] { s },
                IEnumerable<CustomAttributeTypedArgument> items => items.SelectMany(TypeNames),
                _ => Array.Empty<string>(),
            };

        private static Type? Nullable(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : null;

        /// <summary>As platyPS shows types: the simple name (String, String[], SourceMeetingType).</summary>
        internal static string ShortName(Type type)
        {
            if (type.IsArray) return ShortName(type.GetElementType()!) + "[]";
            var inner = Nullable(type);
            if (inner != null) return ShortName(inner);
            if (type.IsGenericType)
            {
                var name = type.Name.Substring(0, type.Name.IndexOf('`'));
                return name + "[" + string.Join(",", type.GetGenericArguments().Select(ShortName)) + "]";
            }
            return type.Name;
        }

        internal static string FullName(Type type)
        {
            if (type.IsArray) return FullName(type.GetElementType()!) + "[]";
            var inner = Nullable(type);
            if (inner != null) return FullName(inner);
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition().FullName!;
                return definition.Substring(0, definition.IndexOf('`')) + "[" + string.Join(",", type.GetGenericArguments().Select(FullName)) + "]";
            }
            return (type.FullName ?? type.Name).Replace('+', '.');
        }
    }
}
