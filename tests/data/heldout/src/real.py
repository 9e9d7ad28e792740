# ruff: noqa: E501  (document text; long lines are the data)
"""Held-out documents made from real clean article text (src/*.base) by exact edits.

Each op is (anchor, replacement): the anchor must occur once in the base; the
replacement carries defect markup (see build.py). Ops with no markup repair a
slip in the original so that the only defects left are labelled ones.
"""

REAL = {
    "r01_es_sag_awards": {
        # Reuters (SAG awards) as re-translated through a Spanish portal
        "base": "reuters_sag.base",
        "head": "⟦boilerplate¦Entertainment | Cinema¦⟧\n\n",
        "ops": [
            (
                "while Joaquin Phoenix and Renee Zellweger were named",
                "while ⟦entity¦Joaquín Fénix¦Joaquin Phoenix⟧ and ⟦entity¦Renee Zelweger¦Renee Zellweger⟧ were named",
            ),
            (
                "cementing their roles as frontrunners",
                "⟦link-case¦Cementing Their Roles As Frontrunners¦cementing their roles as frontrunners⟧",
            ),
            ("on Feb. 9\n", "on Feb. 9.\n"),
            ("he added; “It", "⟦punctuation¦he added; “It¦he added: “It⟧"),
            ("Brad Pitt picked up", "⟦entity¦Brad Pit¦Brad Pitt⟧ picked up"),
            (
                "DISAPPOINTING NIGHT FOR ‘IRISHMAN’\n\n",
                "DISAPPOINTING NIGHT FOR ‘IRISHMAN’\n\n⟦boilerplate¦Image source: Reuters¦⟧\n\n",
            ),
            ("Martin Scorsese’s", "⟦entity¦Martin Scorcese¦Martin Scorsese⟧’s"),
            ("Al Pacino, and Joe Pesci.", "Al Pacino, and ⟦repetition¦Joe Pesci. Joe Pesci.¦Joe Pesci.⟧"),
        ],
        "tail": "\n⟦boilerplate¦Posted in Cinema, Entertainment¦⟧\n⟦boilerplate¦Share this article¦⟧\n",
    },
    "r02_de_berlin_streets": {
        # DW article, scraped from a German aggregator's English page
        "base": "dw_colonial.base",
        "ops": [
            (
                "The German capital has launched",
                "⟦boilerplate¦Germany | DW | 31.12.2019¦⟧\n\nThe German capital has launched",
            ),
            (
                "\n\nRead more: Recognizing Germany colonial crimes: Work in progress\n\n",
                "\n\n⟦boilerplate¦Read more: Recognizing Germany colonial crimes: Work in progress¦⟧\n\n",
            ),
            (
                "Petersallee, Nachtigalplatz, and Lüderitzstrasse",
                "Petersallee, Nachtigalplatz, and ⟦moji¦Lüderitzstrasse⟧",
            ),
            (
                "is launching a new five-year project",
                "⟦mt-garble¦launches in the frame of¦is launching⟧ a new five-year project",
            ),
            (
                "a major issue for the ISD and other organizations in the last several years",
                "a major issue for the ISD and other organizations ⟦mt-garble¦since several years¦for several years⟧",
            ),
            (
                "co-organized by the Berlin City Museum",
                "co-organized by the ⟦mt-garble¦Stadtmuseum¦Berlin City Museum⟧",
            ),
        ],
        "tail": (
            "\n⟦boilerplate¦Every evening, DW's editors send out a selection of the day's news. "
            "Sign up here.¦⟧\n"
            "⟦broken-url¦https://www.dw.com/en/berlin-to-rename- streets-named-after-colonial-leaders/a-51843041"
            "¦https://www.dw.com/en/berlin-to-rename-streets-named-after-colonial-leaders/a-51843041⟧\n"
        ),
    },
    "r03_nl_neanderthal_tool": {
        # phys.org science article; encoding damage from a Latin-1 re-save
        "base": "phys_tool.base",
        "ops": [
            (
                "Flint flake tool partially covered by birch tar adds to evidence of Neanderthal complex thinking\n\n",
                "Flint flake tool partially covered by birch tar adds to evidence of Neanderthal complex thinking\n\n"
                "⟦repetition¦Flint flake tool partially covered by birch tar adds to evidence of Neanderthal complex thinking\n\n¦⟧"
                "⟦boilerplate¦by Bob Yirka , Phys.org¦⟧\n\n",
            ),
            ("found a tool with no handle—a piece", "found a tool with no ⟦moji¦handle—a⟧ piece"),
            ("modern humans—carbon dating", "modern ⟦moji¦humans—carbon⟧ dating"),
            ("found evidence in small a cutting tool", "found evidence in a small cutting tool"),
            (
                "Proceedings of the National Academy of Sciences",
                "⟦link-case¦Proceedings Of The National Academy Of Sciences¦Proceedings of the National Academy of Sciences⟧",
            ),
            ("The gum-like tar can be used", "The ⟦mt-garble¦gum-like tar gum-like¦gum-like tar⟧ can be used"),
            (
                "© 2019 Science X Network",
                "⟦boilerplate¦More information: Marcel J. L. Th. Niekus et al. Middle Paleolithic complex technology and a Neandertal tar-backed tool from the Dutch North Sea, Proceedings of the National Academy of Sciences (2019). ⟦broken-url¦DOI: 10.1073/ pnas.1907828116¦DOI: 10.1073/pnas.1907828116⟧¦⟧\n\n"
                "⟦boilerplate¦© 2019 Science X Network¦⟧\n\n⟦boilerplate¦Explore further¦⟧",
            ),
        ],
    },
    "r04_zh_fast_telescope": {
        # Nature news article re-published by a Chinese science portal
        "base": "nature_fast.base",
        "ops": [
            (
                "The world’s largest single-dish",
                "⟦boilerplate¦Home > Science > Astronomy¦⟧\n\nThe ⟦moji¦world’s⟧ largest single-dish",
            ),
            (
                "the Chinese government is expected to give",
                "⟦mt-garble¦the relevant departments of the Chinese government are¦the Chinese government is⟧ expected to give",
            ),
            ("says Di Li, the chief scientist of FAST.", "says ⟦entity¦Li Di¦Di Li⟧, the chief scientist of FAST."),
            (
                "But the pay-off for science will be immense.",
                "But the pay-off for science ⟦repetition¦will be immense immense¦will be immense⟧.",
            ),
            ("The Chinese observatory’s massive size", "The Chinese ⟦moji¦observatory’s⟧ massive size"),
            (
                "Arecibo Observatory in Puerto Rico.",
                "⟦entity¦Arecibo Observatorio¦Arecibo Observatory⟧ in Puerto Rico.",
            ),
            (
                "using radio waves to locate exoplanets",
                "⟦link-case¦Using Radio Waves¦using radio waves⟧ to locate exoplanets",
            ),
        ],
        "tail": "\n⟦boilerplate¦Reprints and Permissions¦⟧\n⟦boilerplate¦Subscribe to our WeChat public account¦⟧\n",
    },
    "r05_fr_microsoft_carbon": {
        # Postmedia/Reuters story via a French aggregator
        "base": "vsun_microsoft.base",
        "ops": [
            ("Chief Executive Satya Nadella said", "Chief Executive ⟦entity¦Satya Nadela¦Satya Nadella⟧ said"),
            ("\n\nRelated\n\n", "\n\n⟦boilerplate¦Related¦⟧\n\n"),
            ("after President Donald Trump announced", "after President ⟦entity¦Donald Tramp¦Donald Trump⟧ announced"),
            ("Microsoft President Brad Smith said.", "Microsoft President Brad Smith said⟦punctuation¦ .¦.⟧"),
            (
                "one of a handful of companies",
                "⟦mt-garble¦one of a handful of enterprises which develop¦one of a handful of companies developing⟧",
            ),
            ("developing direct air capture technology.", "direct air capture technology."),
            ("Co-founder Bill Gates", "Co-founder ⟦entity¦Bill Gate¦Bill Gates⟧"),
        ],
        "tail": (
            "\n⟦boilerplate¦Postmedia is committed to maintaining a lively but civil forum for discussion. "
            "Please keep comments relevant and respectful.¦⟧\n"
            "⟦boilerplate¦This website uses cookies to personalize your content (including ads), and allows us to analyze our traffic.¦⟧\n"
        ),
    },
    "r06_en_grist_emissions": {
        # Grist/Salon story as scraped by a content farm (no translation)
        "base": "salon_emissions.base",
        "ops": [
            (
                "\n\n(Credit: Clayton Aldern / Grist)\n\nSurging",
                "\n\n⟦boilerplate¦(Credit: Clayton Aldern / Grist)¦⟧\n\nSurging",
            ),
            (
                "\n\n(Credit: Clayton Aldern / Grist)\n\nCleaning",
                "\n\n⟦boilerplate¦(Credit: Clayton Aldern / Grist)¦⟧\n\nCleaning",
            ),
            ("climate– burning", "⟦punctuation¦climate– burning¦climate — burning⟧"),
            ("Hauser said", "⟦entity¦Hauser¦Houser⟧ said"),
            (
                "So despite President Donald Trump’s vows",
                "So despite President ⟦entity¦Donald Trumpf¦Donald Trump⟧’s vows",
            ),
            ("according to the Rhodium Group", "according to the ⟦entity¦Rodium Group¦Rhodium Group⟧"),
            ("That’s been driving down emissions", "⟦moji¦That’s⟧ been driving down emissions"),
        ],
        "tail": (
            "\n⟦boilerplate¦This story was originally published by Grist with the headline Emissions fell last year "
            "on Jan 7, 2020.¦⟧\n⟦boilerplate¦Sign up for our newsletter¦⟧\n"
        ),
    },
    "r07_de_new_laws": {
        # CNN (via Fox13) story re-translated from a German portal
        "base": "fox13_laws.base",
        "ops": [
            ("The Obamacare, of Affordable Care Act, mandate", "The Obamacare, or Affordable Care Act, mandate"),
            (
                "WASHINGTON (CNN) — Not everyone",
                "New laws 2014: ⟦link-case¦What Changes For Americans¦what changes for Americans⟧\n\n"
                "WASHINGTON (CNN) — Not everyone",
            ),
            (
                "national mandates under Obamacare",
                "national mandates under ⟦entity¦Barak Obama¦Barack Obama⟧’s health law",
            ),
            (
                "Although many new laws are controversial",
                "⟦mt-garble¦Although many new laws are disputed in the controversy¦Although many new laws are controversial⟧",
            ),
            (
                "Thousands of companies will have to provide",
                "⟦mt-garble¦Thousands of enterprises will have to make available¦Thousands of companies will have to provide⟧",
            ),
            (
                "limiting the use of drones. One prohibits",
                "limiting the use of drones. ⟦mt-garble¦drones.¦⟧ One prohibits",
            ),
            (
                "Also in Illinois, another law prohibits",
                "Also in Illinois, another law ⟦repetition¦prohibits prohibits¦prohibits⟧",
            ),
            ("“air angels” effort", "⟦punctuation¦“air angels”effort¦“air angels” effort⟧"),
        ],
        "tail": (
            "\n⟦boilerplate¦Copyright 2013 Cable News Network/Turner Broadcasting System, Inc. All rights reserved.¦⟧\n"
            "⟦boilerplate¦Watch the full report: ⟦broken-url¦http://www.cnn.com/2013/12/31/ politics/new-laws-2014/¦http://www.cnn.com/2013/12/31/politics/new-laws-2014/⟧¦⟧\n"
        ),
    },
    "r08_it_winter_storm": {
        # CNN winter storm story via an Italian aggregator
        "base": "cnn_storm.base",
        "ops": [
            (
                "Are you in the grips of the wintry storm sweeping across the country? Please share your videos, pictures and stories at iReport.",
                "⟦boilerplate¦Are you in the grips of the wintry storm sweeping across the country? Please share your videos, pictures and stories at iReport.¦⟧",
            ),
            (
                "breathed a collective sigh of relief",
                "⟦mt-garble¦pulled a collective sigh of relief¦breathed a collective sigh of relief⟧",
            ),
            (
                "Forecasters see mostly smooth sailing into Thanksgiving.",
                "Forecasters see mostly smooth sailing into Thanksgiving.\n\n⟦boilerplate¦ADVERTISEMENT¦⟧",
            ),
            ("to catch a flight to New York's JFK.", "to catch a flight to ⟦moji¦New York’s⟧ JFK."),
            ("Abney said Wednesday that she arrived", "Abney said Wednesday that ⟦repetition¦she she¦she⟧ arrived"),
            (
                "Will winds whip parade balloons?\n\n",
                "Will winds whip parade balloons?\n\n⟦repetition¦Will winds whip parade balloons?\n\n¦⟧",
            ),
        ],
        "tail": "\n⟦boilerplate¦Read also: Thanksgiving, the Americans on the road: 43 million travellers¦⟧\n",
    },
    "r09_ru_hansen": {
        # TIME climate story via a Russian aggregator
        "base": "time_hansen.base",
        "ops": [
            ("James Hansen first warned Congress", "⟦entity¦Dzheyms Khansen¦James Hansen⟧ first warned Congress"),
            (
                "\n\nRead more: A Controversial Technology Is Creating an Unprecedented Rift Among Climate Scientists\n\n",
                "\n\n⟦boilerplate¦Read more: A Controversial Technology Is Creating an Unprecedented Rift Among Climate Scientists¦⟧\n\n",
            ),
            (
                "the goal of the Paris Climate Accord",
                "the goal of the ⟦entity¦Parisian Climate Accord¦Paris Climate Accord⟧",
            ),
            (
                "Climate scientists have been underestimating",
                "⟦mt-garble¦Climatologists-scientists¦Climate scientists⟧ have been underestimating",
            ),
            (
                "Hansen, an adjunct professor",
                "Hansen, ⟦mt-garble¦an adjunct-professor of the chair¦an adjunct professor⟧",
            ),
            (
                "In 2015, after the Paris Climate Accord was adopted",
                "In 2015, after ⟦link-case¦The Paris Climate Accord Was Adopted¦the Paris Climate Accord was adopted⟧",
            ),
        ],
        "tail": "\n⟦boilerplate¦Subscribe to our Telegram channel: ⟦broken-url¦https://t.me/ klimat_novosti¦https://t.me/klimat_novosti⟧¦⟧\n",
    },
}
