#ifdef WAVECRAFT_ISOLATION_H_INCLUDED
#error "Compile wavecraft_isolation.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_isolation.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/futex.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel/wavecraft_WorkerChannel.cpp"
#include "worker/wavecraft_WorkerPriority.cpp"
#include "worker/wavecraft_PluginWorker.cpp"
#include "supervisor/wavecraft_PluginFault.cpp"
#include "supervisor/wavecraft_SpareWorker.cpp"
#include "supervisor/wavecraft_IsolatedPluginInstance.cpp"
