namespace wavecraft::detail
{

/** The process's limit on open file descriptors, which is what bounds how
    many WebSocket clients a server can hold: each one is a socket.

    Linux starts most processes with a soft limit of 1024; juce_core raises it
    when the process starts (to as much as 8192, where the hard limit allows:
    juce_posix_SharedCode.h, MaxNumFileHandlesInitialiser), so a
    WebSocketServer whose Options::maxClients is 0 takes as many clients as
    clientsAllowed() says.

    @see WebSocketServer::Options
*/
struct FileDescriptorLimit
{
    /** Descriptors kept for everything but clients: the plugin, its private
        copy, audio devices, files, a build command's pipes.
    */
    static constexpr int reserved = 256;

    /** The soft limit. [any thread] */
    static int current();

    /** The most clients the server takes however high the limit (an unlimited process). */
    static constexpr int mostClients = 1 << 20;

    /** Clients a server can take, leaving `reserved` descriptors: at least 1,
        at most mostClients. [any thread]
    */
    static int clientsAllowed();
};

} // namespace wavecraft::detail
