#ifdef WAVECRAFT_ISOLATION_H_INCLUDED
#error "Compile wavecraft_isolation.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_isolation.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h> // mallinfo2, for the worker's leak check
#endif

extern char** environ; // posix_spawn's environment: this process's

// The OS's own mechanisms where Linux has better ones (see WAVECRAFT_POSIX_BACKENDS).
#if WAVECRAFT_POSIX_BACKENDS
#include "platform/wavecraft_WorkerLink_posix.cpp"
#include "platform/wavecraft_WorkerProcess_posix.cpp"
#include "worker/wavecraft_WorkerPriority_posix.cpp"
#include "monitor/wavecraft_RealtimeMonitor_none.cpp"
#include "monitor/wavecraft_StackSymbolizer_none.cpp"
#else
#include <cxxabi.h>
#include <elf.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <execinfo.h>
#include <link.h>
#include <linux/futex.h>
#include <malloc.h>
#include <semaphore.h>
#include <sys/prctl.h>
#include <ucontext.h>
#include "platform/wavecraft_WorkerLink_linux.cpp"
#include "platform/wavecraft_WorkerProcess_linux.cpp"
#include "worker/wavecraft_WorkerPriority_linux.cpp"
#include "monitor/wavecraft_ImportRedirection_linux.cpp"
#include "monitor/wavecraft_RealtimeMonitor_linux.cpp"
#include "monitor/wavecraft_StackSymbolizer_linux.cpp"
#endif

#include "monitor/wavecraft_RealtimeFindings.cpp"
#include "monitor/wavecraft_RealtimeReport.cpp"
#include "monitor/wavecraft_RealtimeReportThread.cpp"

#include "channel/wavecraft_WorkerChannel.cpp"
#include "worker/wavecraft_WorkerControlThread.cpp"
#include "worker/wavecraft_PluginWorker.cpp"
#include "supervisor/wavecraft_PluginFault.cpp"
#include "supervisor/wavecraft_SpareWorker.cpp"
#include "supervisor/wavecraft_IsolatedPluginInstance.cpp"
