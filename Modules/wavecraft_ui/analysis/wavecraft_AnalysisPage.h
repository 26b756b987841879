namespace wavecraft
{

/** What the plugin does to frequencies: its measured response (ResponseView)
    above, the output's live spectrum (SpectrumView) below.

    To use one: create it on a started HostSession, which must outlive it.
*/
class AnalysisPage : public juce::Component
{
public:
    /** [message thread] */
    explicit AnalysisPage (HostSession& session);

    /** Turns the input's tap off, if the spectrum showed the input. */
    ~AnalysisPage() override;

    ResponseView& getResponseView() noexcept { return response; }
    SpectrumView& getSpectrumView() noexcept { return spectrum; }

    /** @internal */
    void resized() override;

private:
    ResponseView response;
    SpectrumView spectrum;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AnalysisPage)
};

} // namespace wavecraft
