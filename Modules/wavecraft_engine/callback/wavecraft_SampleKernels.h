namespace wavecraft::detail
{

/** Peak and sum of squares of two channels (left, then right), as they run on
    over a block.
*/
struct LevelTotals
{
    float maximum[2] = {};
    float sumOfSquares[2] = {};

    /** Which channels (bit 0 left, bit 1 right) held a NaN or an infinity
        (or samples too large to square): their sums are not finite.
    */
    int getNonFiniteChannels() const noexcept
    {
        return (std::isfinite (sumOfSquares[0]) ? 0 : 1) | (std::isfinite (sumOfSquares[1]) ? 0 : 2);
    }
};

/** The per-sample loops of the audio callback and of the output's analysis:
    eight AVX lanes with fused multiply-add where the CPU has both, four SSE or
    NEON lanes otherwise.

    They are picked once, before any audio runs, and called through pointers,
    so a block pays no dispatch. Both channels go through one loop. Every
    kernel is real-time safe. [any thread]
*/
struct SampleKernels
{
    /** Copies two channels; the destinations must not overlap the sources. */
    using Copy = void (*) (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                           int numSamples) noexcept;

    /** Adds two channels to `totals`, and copies them on the way when the
        destinations aren't null (they must not overlap the sources).
    */
    using Measure = void (*) (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                              int numSamples, LevelTotals& totals) noexcept;

    Copy copyStereo;

    /** Peaks and sums of squares: the meters, off the audio thread.
        Destinations are ignored. */
    Measure measure;

    /** Sums of squares only, which is all it takes to find a NaN or an
        infinity: the audio thread's check. The peaks may be left as they
        were. Destinations are ignored by `sumSquares` and must be given to
        `sumSquaresWhileCopying`.
    */
    Measure sumSquares, sumSquaresWhileCopying;

    /** The kernels in use. */
    static const SampleKernels& get() noexcept { return active; }

    /** True when the AVX kernels are in use. */
    static bool usesWideVectors() noexcept;

    /** Switches the AVX kernels off (or back on, where the CPU has them), so
        tests can check the portable ones on any machine. [before processing starts]
    */
    static void allowWideVectors (bool allowed) noexcept;

private:
    static SampleKernels active;
};

} // namespace wavecraft::detail
