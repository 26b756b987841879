/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_server
  description:        A WebSocket server (RFC 6455) speaking the Wavecraft JSON-RPC 2.0 protocol to the browser UI (@wavecraft/core).
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft server
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_plugin_loader, juce_events

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// Its .cpp needs nlohmann/json 3 on the include path (Debian: nlohmann-json3-dev); no header shows it. POSIX only (Linux, BSD, macOS): the sockets are POSIX, waited on with epoll on Linux.

#pragma once
#define WAVECRAFT_SERVER_H_INCLUDED

#include <wavecraft_plugin_loader/wavecraft_plugin_loader.h>
#include <juce_events/juce_events.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "transport/wavecraft_WebSocketProtocol.h"
#include "transport/wavecraft_Sha1.h"
#include "transport/wavecraft_Utf8Validator.h"
#include "transport/wavecraft_WebSocketFrameParser.h"
#include "transport/wavecraft_WebSocketFrameEncoder.h"
#include "transport/wavecraft_WebSocketHandshake.h"
#include "transport/wavecraft_WebSocketReply.h"
#include "protocol/wavecraft_RpcBackend.h"
#include "transport/wavecraft_FileDescriptorLimit.h"
#include "transport/wavecraft_SocketPoller.h"
#include "transport/wavecraft_WebSocketServer.h"
#include "transport/wavecraft_WebSocketConnection.h"
#include "protocol/wavecraft_BrowserUiBackend.h"
#include "protocol/wavecraft_ControlPage.h"
#include "protocol/wavecraft_BrowserUiServer.h"
