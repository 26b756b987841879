namespace wavecraft
{

/** A null test of two renders of the same input: the residue (one minus the
    other, sample by sample, every channel), its peak and RMS in dBFS, and
    the first frame where they differ. What says whether a new build sounds
    exactly like the old one, e.g. after a refactor.

    @see OfflineRenderer
*/
struct RenderComparison
{
    struct Result
    {
        juce::String error;                                       /**< empty when both files were read; what and where otherwise */
        bool identical = false;                                   /**< every sample the same */
        double peakDb = -std::numeric_limits<double>::infinity(); /**< the residue's peak, dBFS */
        double rmsDb = -std::numeric_limits<double>::infinity();  /**< its RMS over every sample of every channel, dBFS */
        juce::int64 firstDifferentFrame = -1;                     /**< -1: none */

        bool failed() const noexcept { return error.isNotEmpty(); }

        /** True when the residue's peak is at most `toleranceDb` (identical always is). */
        bool isWithin (double toleranceDb) const noexcept { return identical || peakDb <= toleranceDb; }

        /** "residue: none, identical", or "residue: peak -60.0 dBFS, rms -63.0 dBFS, first difference at frame 0". */
        juce::String describe() const;
    };

    /** Reads both files (any format JUCE reads) and compares them; they must
        have the same length, rate and channel count. [any thread]
    */
    static Result compare (const juce::File& first, const juce::File& second);
};

} // namespace wavecraft
