namespace wavecraft
{

std::shared_ptr<PluginMessageThread> PluginMessageThread::acquire()
{
    static std::mutex lock;
    static std::weak_ptr<PluginMessageThread> running;
    const std::lock_guard<std::mutex> guard (lock);

    if (auto thread = running.lock())
        return thread;

    if (juce::MessageManager::getInstanceWithoutCreating() != nullptr)
        return nullptr;

    std::shared_ptr<PluginMessageThread> thread (new PluginMessageThread());
    running = thread;
    return thread;
}

PluginMessageThread::PluginMessageThread()
    : juce::Thread ("plugin message thread")
{
    startThread();
    started.wait();
}

PluginMessageThread::~PluginMessageThread()
{
    // Stopped from its own thread: stopDispatchLoop() from here would still
    // be writing to the manager while the thread, already told, deletes it.
    juce::MessageManager::callAsync ([]
                                     { juce::MessageManager::getInstance()->stopDispatchLoop(); });

    stopThread (-1);
}

void PluginMessageThread::run()
{
    // The first to make the MessageManager makes its thread the message thread.
    const juce::ScopedJuceInitialiser_GUI messageManager;
    started.signal();
    juce::MessageManager::getInstance()->runDispatchLoop();
}

void PluginMessageThread::call (PluginMessageThread* thread, const std::function<void()>& function)
{
    if (thread == nullptr || juce::MessageManager::existsAndIsCurrentThread())
        return function();

    // The hand-over is the host's, not the plugin's: a worker's monitor
    // doesn't count it (the message a call posts is allocated).
    const RealtimeMonitor::Pause notWatched;
    juce::MessageManager::getInstance()->callFunctionOnMessageThread (
        [] (void* toCall) -> void*
        {
            (*static_cast<const std::function<void()>*> (toCall))();
            return nullptr;
        },
        const_cast<std::function<void()>*> (&function));
}

} // namespace wavecraft
