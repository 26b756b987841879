#ifdef WAVECRAFT_SERVER_H_INCLUDED
#error "Compile wavecraft_server.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_server.h"

#include <cctype>

#if ! (JUCE_LINUX || JUCE_BSD || JUCE_MAC)
#error "wavecraft_server needs POSIX sockets (Linux, BSD, macOS) for now"
#endif

#include <charconv>

// The JSON-RPC dispatcher is the one user of nlohmann/json here, and stays
// out of the module's header, so an embedding project never sees it.
#include <nlohmann/json.hpp>
#include "protocol/wavecraft_JsonRpcDispatcher.h"

#include "transport/wavecraft_Sha1.cpp"
#include "transport/wavecraft_Utf8Validator.cpp"
#include "transport/wavecraft_WebSocketFrameParser.cpp"
#include "transport/wavecraft_WebSocketFrameEncoder.cpp"
#include "transport/wavecraft_WebSocketHandshake.cpp"
#include "protocol/wavecraft_JsonRpcDispatcher.cpp"
#include "transport/wavecraft_FileDescriptorLimit.cpp"
#include "transport/wavecraft_SocketPoller.cpp"
#include "transport/wavecraft_WebSocketServer.cpp"
#include "transport/wavecraft_WebSocketConnection.cpp"
#include "protocol/wavecraft_ControlPage.cpp"
#include "protocol/wavecraft_BrowserUiServer.cpp"
