#ifdef WAVECRAFT_DEV_HOST_H_INCLUDED
/* When you add this cpp file to your project, you mustn't include it in a file
    where you've already included any other headers - just put it inside a file
    on its own, possibly with your config flags preceding it, but don't include
    anything else. That also includes avoiding any automatic prefix header files
    that the compiler may be using.
 */
#error "Incorrect use of the wavecraft_dev_host cpp file"
#endif

#include "wavecraft_dev_host.h"

#if JUCE_LINUX || JUCE_BSD || JUCE_MAC
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#error "wavecraft_dev_host's WebSocket server needs POSIX sockets (Linux, BSD, macOS) for now"
#endif

#if JUCE_USE_SSE_INTRINSICS
#include <immintrin.h>
#elif JUCE_USE_ARM_NEON
#include <arm_neon.h>
#endif

#include "session/wavecraft_Diagnostic.cpp"
#include "params/wavecraft_ParameterSpec.cpp"
#include "params/wavecraft_ParameterSpecParser.cpp"
#include "params/wavecraft_ParameterStore.cpp"
#include "ffi/wavecraft_PluginLoadError.cpp"
#include "ffi/wavecraft_PluginLibrary.cpp"
#include "ffi/wavecraft_PluginProcessor.cpp"
#include "session/wavecraft_OfflineRenderer.cpp"
#include "session/wavecraft_LoadedPlugin.cpp"
#include "session/wavecraft_AudioStatus.cpp"
#include "concurrency/wavecraft_AudioFifo.cpp"
#include "audio/wavecraft_MonotonicClock.cpp"
#include "audio/wavecraft_MeterFrame.cpp"
#include "audio/wavecraft_MeterTap.cpp"
#include "audio/wavecraft_SampleKernels.cpp"
#include "audio/wavecraft_InputSource.cpp"
#include "audio/wavecraft_FileInputSource.cpp"
#include "audio/wavecraft_PluginAudioCallback.cpp"
#include "audio/wavecraft_VirtualAudioIODevice.cpp"
#include "audio/wavecraft_ScopeFrame.cpp"
#include "session/wavecraft_OutputAnalyser.cpp"
#include "session/wavecraft_AudioEngine.cpp"
#include "session/wavecraft_HostSession.cpp"
#include "session/wavecraft_BuildWatcher.cpp"
#include "server/wavecraft_Sha1.cpp"
#include "server/wavecraft_Utf8Validator.cpp"
#include "server/wavecraft_WebSocketFrameParser.cpp"
#include "server/wavecraft_WebSocketFrameEncoder.cpp"
#include "server/wavecraft_WebSocketHandshake.cpp"
#include "server/wavecraft_JsonRpcDispatcher.cpp"
#include "server/wavecraft_WebSocketConnection.cpp"
#include "server/wavecraft_FileDescriptorLimit.cpp"
#include "server/wavecraft_WebSocketServer.cpp"
#include "session/wavecraft_SessionServer.cpp"
