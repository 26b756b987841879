#ifdef WAVECRAFT_DEV_HOST_H_INCLUDED
#error "Compile wavecraft_dev_host.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_dev_host.h"

#include <array>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include <fcntl.h> // ProcessGroup: posix_spawn, its pipes and its group
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#if JUCE_LINUX || JUCE_BSD
#include <dlfcn.h>
#include <link.h> // dl_iterate_phdr: which binary an LV2 host opened
#endif

#if JUCE_PLUGINHOST_LV2
// lilv as JUCE compiles it into juce_audio_processors (C symbols; its
// headers come with the module): to read which plugins a bundle holds.
#include <lilv/lilv.h>
#endif

#include "formats/wavecraft_PluginLocation.cpp"
#include "formats/wavecraft_FormatPluginLoader.cpp"
#include "formats/wavecraft_PluginMessageThread.cpp"
#include "formats/wavecraft_FormatParameterSpecs.cpp"
#include "formats/wavecraft_FormatPluginLibrary.cpp"

namespace wavecraft
{
namespace
{
    // PluginLibrary::load() of a VST3 or LV2 bundle comes here, wherever it
    // is called: in a plugin worker too, which is this executable.
    const bool bundleLoaderInstalled = (PluginLibrary::setBundleLoader (&FormatPluginLibrary::loadBundle, &FormatPluginLibrary::prepareBundle), true);
} // namespace
} // namespace wavecraft

#include "session/wavecraft_PreviousBuild.cpp"
#include "session/wavecraft_LevelMatcher.cpp"
#include "session/wavecraft_HostSession.cpp"
#include "process/wavecraft_ProcessGroup.cpp"
#include "session/wavecraft_BuildWatcher.cpp"
#include "serving/wavecraft_AudioProcessorBackend.cpp"
#include "validation/wavecraft_TestSignal.cpp"
#include "validation/wavecraft_PluginUnderTest.cpp"
#include "validation/wavecraft_ValidationContext.cpp"
#include "validation/wavecraft_AudioChecks.cpp"
#include "validation/wavecraft_ResourceChecks.cpp"
#include "validation/wavecraft_PluginValidator.cpp"
#include "validation/wavecraft_ValidationReport.cpp"
#include "validation/wavecraft_BuildSnapshot.cpp"
#include "validation/wavecraft_BuildChecker.cpp"
#include "measuring/wavecraft_ResponseMeasurer.cpp"
