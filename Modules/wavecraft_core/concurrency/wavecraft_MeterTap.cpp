namespace wavecraft
{

void MeterTap::publish (const MeterFrame& frame)
{
    const std::lock_guard<std::mutex> lock (mutex);
    ring[(size_t) (published % (juce::uint64) capacity)] = frame;
    ++published;
}

juce::uint64 MeterTap::getNumPublished() const
{
    const std::lock_guard<std::mutex> lock (mutex);
    return published;
}

MeterTap::Reader::Reader (const MeterTap& meterTap)
    : tap (meterTap),
      next (meterTap.getNumPublished())
{
}

} // namespace wavecraft
