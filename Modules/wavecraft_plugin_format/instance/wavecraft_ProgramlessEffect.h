namespace wavecraft
{

/** What a dev library is to JUCE, whichever side of a plugin interface it
    is on (a hosted DevPluginInstance, or the DevLibraryProcessor a DAW
    loads): an effect without programs, MIDI or a tail. `Base` is
    juce::AudioProcessor or one of its subclasses.
*/
template <typename Base>
class ProgramlessEffect : public Base
{
public:
    static_assert (std::is_base_of_v<juce::AudioProcessor, Base>, "a JUCE processor");

    using Base::Base;

    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }

    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram (int) override {}
    const juce::String getProgramName (int) override { return {}; }
    void changeProgramName (int, const juce::String&) override {}
};

} // namespace wavecraft
