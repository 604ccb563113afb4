using System;
using System.Reflection;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A handler for SIGTERM (what timeout, systemd, docker stop and CI runners send; on Windows the console closing). .NET
    /// 10 no longer turns SIGTERM into ProcessExit; PosixSignalRegistration is the way, and this module is built for
    /// netstandard2.0, which does not have it, so it is found by reflection in the runtime pwsh runs on.
    /// </summary>
    internal static class TerminateSignal
    {
        private const int SigTerm = -4; // PosixSignal.SIGTERM

        /// <summary>
        /// Calls <paramref name="onTerminate"/> on SIGTERM, before the process ends (the default action still ends it);
        /// dispose to stop. Null where the runtime has no PosixSignalRegistration (Windows PowerShell).
        /// </summary>
        public static IDisposable? Register(Action onTerminate)
        {
            var registration = Find("PosixSignalRegistration");
            var signal = Find("PosixSignal");
            var context = Find("PosixSignalContext");
            if (registration == null || signal == null || context == null) return null;
            var handlerType = typeof(Action<>).MakeGenericType(context);
            var create = registration.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, null, new[] { signal, handlerType }, null);
            if (create == null) return null;
            // An Action<object> target binds to Action<PosixSignalContext>: a reference-type parameter may be a base type.
            var sink = new Sink(onTerminate);
            var handler = Delegate.CreateDelegate(handlerType, sink, typeof(Sink).GetMethod(nameof(Sink.Handle))!);
            return create.Invoke(null, new[] { Enum.ToObject(signal, SigTerm), handler }) as IDisposable;
        }

        private static Type? Find(string name) =>
            Type.GetType($"System.Runtime.InteropServices.{name}, System.Runtime.InteropServices") ??
            Type.GetType($"System.Runtime.InteropServices.{name}, System.Private.CoreLib");

        private sealed class Sink
        {
            private readonly Action _onTerminate;
            public Sink(Action onTerminate) => _onTerminate = onTerminate;
            public void Handle(object context) => _onTerminate();
        }
    }
}
