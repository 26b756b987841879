namespace wavecraft
{

WorkerControlThread::WorkerControlThread (WorkerChannel& channelToUse, const PluginLibrary::ProcessorTable& tableToUse, void* processorToUse)
    : channel (channelToUse),
      table (tableToUse),
      processor (processorToUse),
      thread ([this]
              { run(); })
{
}

WorkerControlThread::~WorkerControlThread()
{
    setProcessor (nullptr);
    stopping = true;

    // The word moved and the bell rung, so a wait about to begin returns at
    // once, and one under way wakes. The host asks nothing more of a worker
    // that ends.
    channel.get().controlRequest.fetch_add (1, std::memory_order_release);
    channel.ring (WorkerLink::Bell::control);
    thread.join();
}

void WorkerControlThread::setProcessor (void* processorToUse)
{
    const std::lock_guard<std::mutex> guard (lock);
    processor = processorToUse;
}

void WorkerControlThread::run()
{
    for (uint32_t handled = 0; ! stopping;)
    {
        const auto request = channel.get().controlRequest.load (std::memory_order_acquire);

        if (request == handled)
        {
            channel.waitWhileEquals (WorkerLink::Bell::control, handled, 1000);
            continue;
        }

        handled = request;
        serve();
        channel.get().controlReply.store (handled, std::memory_order_release);
        channel.ring (WorkerLink::Bell::controlReply);
    }
}

void WorkerControlThread::serve()
{
    auto& control = channel.get();
    const std::lock_guard<std::mutex> guard (lock);
    auto result = WorkerChannel::ControlResult::noState;

    if (processor != nullptr && table.getState != nullptr)
    {
        if (control.controlCommand == (uint32_t) WorkerChannel::ControlCommand::getState)
        {
            juce::MemoryBlock state;
            mark (&control.controlCall, PluginCall::getState);
            const auto got = table.getState (processor, state);
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
            const auto set = table.setState (processor, state);
            mark (&control.controlCall, PluginCall::none);
            result = set ? WorkerChannel::ControlResult::done : WorkerChannel::ControlResult::noState;
        }
    }

    control.controlResult = (uint32_t) result;
}

} // namespace wavecraft
