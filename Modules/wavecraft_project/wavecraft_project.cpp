#ifdef WAVECRAFT_PROJECT_H_INCLUDED
#error "Compile wavecraft_project.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if JUCE_LINUX
#include <sys/eventfd.h>
#include <sys/inotify.h>
#endif

extern char** environ;

#include "project/wavecraft_CargoManifest.cpp"
#include "project/wavecraft_WavecraftProject.cpp"
#include "build/wavecraft_CargoBuild.cpp"
#include "codegen/wavecraft_TypeScriptCodegen.cpp"
#include "codegen/wavecraft_ParameterCache.cpp"
#include "watching/wavecraft_SourceTreeWatcher.cpp"
#include "ui/wavecraft_UiDevServer.cpp"
#include "session/wavecraft_ProjectSession.cpp"
