namespace wavecraft
{

AnalysisPage::AnalysisPage (HostSession& session)
    : response (session.getResponseMeasurer()),
      spectrum (session.getAnalyser().getOutputHistory(), &session.getAnalyser().getInputHistory())
{
    spectrum.onInputShown = [&session] (bool shown)
    { session.getEngine().getCallback().setInputTapped (shown); };
    addAndMakeVisible (response);
    addAndMakeVisible (spectrum);
}

AnalysisPage::~AnalysisPage()
{
    if (spectrum.isInputShown())
        spectrum.setInputShown (false);
}

void AnalysisPage::resized()
{
    auto area = getLocalBounds().reduced (6);
    response.setBounds (area.removeFromTop (area.getHeight() * 56 / 100));
    spectrum.setBounds (area.withTrimmedTop (6));
}

} // namespace wavecraft
