namespace wavecraft
{

/** Copies a block of two channels (the device input into the buffers the
    plugin works in), both in one loop, eight lanes at a time where BlockLevels::usesWideVectors().
    `destinationLeft` and `destinationRight` must not overlap the sources.
    [any thread: real-time safe]
*/
void copyStereo (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                 int numSamples) noexcept;

} // namespace wavecraft
