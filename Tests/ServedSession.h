#pragma once

#include "TestHelpers.h"
#include "WebSocketTestClient.h"

#include <nlohmann/json.hpp>

namespace wavecraft::test
{

/** A live session as the host runs one: a private copy of a test plugin on
    the Virtual device, fed with an input source, served over a real socket,
    with one page connected (short reads, so a test can pump the message
    thread while it waits).
*/
struct ServedSession
{
    explicit ServedSession (const juce::String& testPlugin, const juce::String& inputSource = "sine:1000", int bufferSize = 0,
                            HostSession::PluginIsolation isolation = HostSession::PluginIsolation::childProcess);
    virtual ~ServedSession();

    /** Pumps the message thread until the page gets a notification of `method` that `accept`s; its params. */
    nlohmann::json awaitNotification (const std::string& method,
                                      const std::function<bool (const nlohmann::json&)>& accept = nullptr);

    TemporaryFolder temp;
    const juce::File pluginFile = temp.getFile ("plugin" WAVECRAFT_PLUGIN_SUFFIX);
    HostSession session;
    BrowserUiServer server { session };
    WebSocketTestClient page;
};

} // namespace wavecraft::test
