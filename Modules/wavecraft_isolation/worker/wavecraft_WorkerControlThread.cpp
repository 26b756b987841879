namespace wavecraft
{

struct WorkerControlThread::Shared
{
    WorkerChannel& channel;
    const PluginLibrary::ProcessorTable& table;
    std::mutex lock;
    void* processor = nullptr; // [lock]
    std::atomic<bool> stopping { false };
};

WorkerControlThread::WorkerControlThread (WorkerChannel& channel, const PluginLibrary::ProcessorTable& table, void* processor)
    : shared (new Shared { channel, table, {}, processor, {} }),
      thread (run, shared)
{
}

WorkerControlThread::~WorkerControlThread()
{
    setProcessor (nullptr);
    shared->stopping = true;

    // The word moved and the bell rung, so a wait about to begin returns at
    // once, and one under way wakes. The host asks nothing more of a worker
    // that ends.
    shared->channel.get().controlRequest.fetch_add (1, std::memory_order_release);
    shared->channel.ring (WorkerLink::Bell::control);
    thread.join();
}

void WorkerControlThread::setProcessor (void* processor)
{
    const std::lock_guard<std::mutex> guard (shared->lock);
    shared->processor = processor;
}

void WorkerControlThread::run (std::shared_ptr<Shared> shared)
{
    auto& channel = shared->channel;

    for (uint32_t handled = 0;;)
    {
        if (shared->stopping)
            return;

        const auto request = channel.get().controlRequest.load (std::memory_order_acquire);

        if (request == handled)
        {
            channel.waitWhileEquals (WorkerLink::Bell::control, handled, 1000);
            continue;
        }

        handled = request;
        serve (*shared);
        channel.get().controlReply.store (handled, std::memory_order_release);
        channel.ring (WorkerLink::Bell::controlReply);
    }
}

void WorkerControlThread::serve (Shared& shared)
{
    auto& control = shared.channel.get();
    const std::lock_guard<std::mutex> guard (shared.lock);
    auto result = WorkerChannel::ControlResult::noState;

    if (shared.processor != nullptr && shared.table.getState != nullptr)
    {
        if (control.controlCommand == (uint32_t) WorkerChannel::ControlCommand::getState)
        {
            juce::MemoryBlock state;
            mark (&control.controlCall, PluginCall::getState);
            const auto got = shared.table.getState (shared.processor, state);
            mark (&control.controlCall, PluginCall::none);

            if (got && state.getSize() > (size_t) WorkerChannel::stateCapacity)
            {
                control.controlLength = (uint32_t) juce::jmin (state.getSize(), (size_t) UINT32_MAX);
                result = WorkerChannel::ControlResult::tooBig;
            }
            else if (got)
            {
                state.copyTo (control.controlData, 0, state.getSize());
                control.controlLength = (uint32_t) state.getSize();
                result = WorkerChannel::ControlResult::done;
            }
        }
        else
        {
            const juce::MemoryBlock state (control.controlData, juce::jmin ((size_t) control.controlLength, (size_t) WorkerChannel::stateCapacity));
            mark (&control.controlCall, PluginCall::setState);
            const auto set = shared.table.setState (shared.processor, state);
            mark (&control.controlCall, PluginCall::none);
            result = set ? WorkerChannel::ControlResult::done : WorkerChannel::ControlResult::noState;
        }
    }

    control.controlResult = (uint32_t) result;
}

} // namespace wavecraft
