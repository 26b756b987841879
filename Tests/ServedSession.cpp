#include "ServedSession.h"

namespace wavecraft::test
{

ServedSession::ServedSession (const juce::String& testPlugin, const juce::String& inputSource, int bufferSize,
                              HostSession::PluginIsolation isolation)
{
    REQUIRE (getTestPlugin (testPlugin).copyFileTo (pluginFile));
    HostSession::Options options;
    options.plugin = pluginFile;
    options.device.deviceType = VirtualAudioIODevice::typeName;
    options.device.bufferSize = bufferSize;
    options.inputSource = inputSource;
    options.isolation = isolation;
    REQUIRE (session.start (options).wasOk());

    WebSocketServer::Options serverOptions;
    serverOptions.port = 0;
    REQUIRE (server.start (serverOptions).wasOk());
    REQUIRE (page.connectTo (server.getPort(), 20));
    REQUIRE (page.handshake() == 101);
}

ServedSession::~ServedSession()
{
    server.stop();
    session.stop();
}

nlohmann::json ServedSession::awaitNotification (const std::string& method, const std::function<bool (const nlohmann::json&)>& accept)
{
    nlohmann::json params;
    const auto arrived = pumpUntil ([&]
                                    {
        const auto message = page.waitForNotification (method);
        params = message.empty() ? nlohmann::json() : nlohmann::json::parse (message).at ("params");
        return ! message.empty() && (accept == nullptr || accept (params)); },
                                    5000);
    INFO ("waiting for " << method);
    REQUIRE (arrived);
    return params;
}

} // namespace wavecraft::test
