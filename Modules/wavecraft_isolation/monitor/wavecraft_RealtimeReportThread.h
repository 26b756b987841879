namespace wavecraft
{

/** Reads a worker's RealtimeFindings into a RealtimeReport every
    pollIntervalMs, on a thread of its own, and tells `onViolation` of each
    new place once (by default a line through juce::Logger).

    [constructed and destroyed by the findings' owner; reads on its own thread]
*/
class RealtimeReportThread : private juce::Thread
{
public:
    using ViolationCallback = std::function<void (const RealtimeReport::Violation&)>;

    /** Starts reading `findings`, which must outlive this. */
    RealtimeReportThread (const RealtimeFindings& findings, ViolationCallback onViolation);

    /** Reads once more, then stops. */
    ~RealtimeReportThread() override;

    /** [any thread] */
    const RealtimeReport& getReport() const noexcept { return report; }

    /** Reads the findings now, not at the next poll: for a caller that
        needs every place found so far (a validation). [any thread]
    */
    void readNow();

    static constexpr int pollIntervalMs = 50;

private:
    void run() override;
    void readNewPlaces();

    const RealtimeFindings& findings;
    ViolationCallback onViolation;
    RealtimeReport report;
    std::mutex readLock; // the thread's reads and readNow()'s
    bool toldOfOverflow = false;

    JUCE_DECLARE_NON_COPYABLE (RealtimeReportThread)
};

} // namespace wavecraft
