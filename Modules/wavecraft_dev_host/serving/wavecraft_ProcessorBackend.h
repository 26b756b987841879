namespace wavecraft
{

/** A BrowserUiBackend that serves the parameters of a juce::AudioProcessor,
    so a window's controls can attach to the processor's own JUCE
    parameters, as a plugin's editor does (juce::SliderParameterAttachment
    and its kin): a move is a gesture on the parameter, and the parameter's
    changes from anywhere move the control. HostSession and
    AudioProcessorBackend are ones.

    @see ParameterPanel
*/
class ProcessorBackend : public BrowserUiBackend
{
public:
    /** The processor whose parameters are served now, or null. It lives at
        least until the listeners next hear parametersReplaced(), which they
        hear before it goes: drop what points into it there. [message thread]
    */
    virtual juce::AudioProcessor* getServedProcessor() const = 0;
};

} // namespace wavecraft
