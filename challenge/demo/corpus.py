"""Italian texts for the demo data: real kinds of bodies, places and public-service problems."""

# (name, kind, ISTAT region code)
ADMINISTRATIONS = [
    ("Regione Emilia-Romagna", "region", "08"),
    ("Regione Puglia", "region", "16"),
    ("Regione Toscana", "region", "09"),
    ("Regione Lombardia", "region", "03"),
    ("Provincia di Ravenna", "province", "08"),
    ("Provincia di Lecce", "province", "16"),
    ("Città metropolitana di Bologna", "metropolitan_city", "08"),
    ("Città metropolitana di Bari", "metropolitan_city", "16"),
    ("Città metropolitana di Napoli", "metropolitan_city", "15"),
    ("Comune di Bologna", "municipality", "08"),
    ("Comune di Modena", "municipality", "08"),
    ("Comune di Parma", "municipality", "08"),
    ("Comune di Reggio Emilia", "municipality", "08"),
    ("Comune di Ferrara", "municipality", "08"),
    ("Comune di Ravenna", "municipality", "08"),
    ("Comune di Forlì", "municipality", "08"),
    ("Comune di Rimini", "municipality", "08"),
    ("Comune di Piacenza", "municipality", "08"),
    ("Comune di Lecce", "municipality", "16"),
    ("Comune di Torino", "municipality", "01"),
    ("Comune di Palermo", "municipality", "19"),
    ("Unione della Romagna Faentina", "union_of_municipalities", "08"),
    ("Unione dei Comuni del Frignano", "union_of_municipalities", "08"),
    ("Ministero dell'Ambiente e della Sicurezza Energetica", "ministry", "12"),
    ("Agenzia per l'Italia Digitale", "agency", "12"),
    ("Azienda USL di Bologna", "health_authority", "08"),
    ("ASL Bari", "health_authority", "16"),
    ("Università di Bologna", "university", "08"),
    ("Università del Salento", "university", "16"),
    ("ARPAE Emilia-Romagna", "other", "08"),
]

# The 11 Emilia-Romagna territorial labs: (name, territory, coordinator, theme ids)
LABS = [
    ("Laboratorio territoriale di Piacenza", "Provincia di Piacenza", "Comune di Piacenza", (1, 2)),
    ("Laboratorio territoriale di Parma", "Provincia di Parma", "Comune di Parma", (1, 3)),
    ("Laboratorio territoriale di Reggio Emilia", "Provincia di Reggio Emilia", "Comune di Reggio Emilia", (2, 3)),
    ("Laboratorio territoriale di Modena", "Provincia di Modena", "Comune di Modena", (1, 2)),
    ("Laboratorio territoriale dell'Appennino modenese", "Frignano", "Unione dei Comuni del Frignano", (3,)),
    (
        "Laboratorio territoriale metropolitano di Bologna",
        "Città metropolitana di Bologna",
        "Città metropolitana di Bologna",
        (1, 2, 3),
    ),
    ("Laboratorio territoriale di Ferrara", "Provincia di Ferrara", "Comune di Ferrara", (1, 3)),
    ("Laboratorio territoriale di Ravenna", "Provincia di Ravenna", "Comune di Ravenna", (1, 2)),
    (
        "Laboratorio territoriale della Romagna faentina",
        "Faenza e comuni dell'Unione",
        "Unione della Romagna Faentina",
        (2, 3),
    ),
    ("Laboratorio territoriale di Forlì-Cesena", "Provincia di Forlì-Cesena", "Comune di Forlì", (1, 3)),
    ("Laboratorio territoriale di Rimini", "Provincia di Rimini", "Comune di Rimini", (2, 3)),
]

LAB_DESCRIPTION = (
    "Rete pubblico-privata che accompagna le imprese del territorio nell'adottare la sostenibilità "
    "come processo strutturato: percorsi di co-progettazione su {focus}, incontri di open innovation "
    "e scambio di competenze tra enti locali, università, centri di ricerca e associazioni."
)
LAB_FOCUS = [
    "economia circolare e simbiosi industriale",
    "turismo e mobilità sostenibile",
    "welfare territoriale e inclusione",
    "competenze verdi per le piccole imprese",
]

# Each lab's partners by kind (every lab has every kind): the towns, universities and
# associations of its own territory; the businesses are invented but local in trade and name.
LAB_PARTNERS = {
    "Laboratorio territoriale di Piacenza": {
        "local_authority": ["Comune di Piacenza", "Comune di Fiorenzuola d'Arda", "Comune di Castel San Giovanni"],
        "university": [
            "Università Cattolica del Sacro Cuore, sede di Piacenza",
            "Politecnico di Milano, Polo di Piacenza",
        ],
        "research_centre": ["LEAP, Laboratorio Energia e Ambiente Piacenza"],
        "clust_er": ["Clust-ER Agroalimentare"],
        "ceas": ["CEAS del Comune di Piacenza"],
        "business": ["Caseificio Val Trebbia Soc. Coop.", "Logistica Emiliana Srl"],
        "trade_association": ["Confindustria Piacenza", "CNA Piacenza"],
        "other": ["Legambiente Piacenza"],
    },
    "Laboratorio territoriale di Parma": {
        "local_authority": ["Comune di Parma", "Comune di Fidenza", "Comune di Collecchio"],
        "university": ["Università di Parma"],
        "research_centre": ["Stazione sperimentale per l'industria delle conserve alimentari"],
        "clust_er": ["Clust-ER Agroalimentare", "Clust-ER Innovazione nei servizi"],
        "ceas": ["CEAS Parchi del Ducato"],
        "business": ["Salumificio Colline del Taro Srl", "Imballaggi Verdi Parma Spa"],
        "trade_association": ["Unione Parmense degli Industriali", "Confcooperative Parma"],
        "other": ["Forum Solidarietà, centro servizi per il volontariato di Parma"],
    },
    "Laboratorio territoriale di Reggio Emilia": {
        "local_authority": ["Comune di Reggio Emilia", "Comune di Scandiano", "Comune di Correggio"],
        "university": ["Università di Modena e Reggio Emilia, sede di Reggio Emilia"],
        "research_centre": ["CRPA, Centro ricerche produzioni animali"],
        "clust_er": ["Clust-ER Meccatronica e motoristica"],
        "ceas": ["CEAS Infoambiente Reggio Emilia"],
        "business": ["Meccanica Crostolo Srl", "Cooperativa sociale L'Ovile"],
        "trade_association": ["Unindustria Reggio Emilia", "Legacoop Emilia Ovest"],
        "other": ["Fondazione Reggio Children"],
    },
    "Laboratorio territoriale di Modena": {
        "local_authority": ["Comune di Modena", "Comune di Sassuolo", "Comune di Carpi"],
        "university": ["Università di Modena e Reggio Emilia"],
        "research_centre": ["Centro Ceramico di Bologna, sede di Sassuolo", "Democenter"],
        "clust_er": ["Clust-ER Edilizia e costruzioni", "Clust-ER Meccatronica e motoristica"],
        "ceas": ["CEAS La Raganella"],
        "business": ["Ceramiche del Secchia Spa", "Tessitura Carpigiana Srl"],
        "trade_association": ["Confindustria Ceramica", "Lapam Confartigianato"],
        "other": ["Fondazione di Modena"],
    },
    "Laboratorio territoriale dell'Appennino modenese": {
        "local_authority": ["Unione dei Comuni del Frignano", "Comune di Pavullo nel Frignano", "Comune di Sestola"],
        "university": ["Università di Modena e Reggio Emilia"],
        "research_centre": ["Parco regionale dell'Alto Appennino Modenese, centro visita"],
        "clust_er": ["Clust-ER Agroalimentare"],
        "ceas": ["CEAS Appennino modenese"],
        "business": ["Segheria Alto Panaro Snc", "Consorzio del Parmigiano di montagna del Frignano"],
        "trade_association": ["Coldiretti Modena", "Confesercenti Modena"],
        "other": ["CAI, sezione di Pavullo nel Frignano"],
    },
    "Laboratorio territoriale metropolitano di Bologna": {
        "local_authority": ["Città metropolitana di Bologna", "Comune di Bologna", "Comune di Imola"],
        "university": ["Università di Bologna"],
        "research_centre": ["ENEA, Centro ricerche di Bologna", "CNR, Area della ricerca di Bologna"],
        "clust_er": ["Clust-ER Greentech", "Clust-ER Innovazione nei servizi"],
        "ceas": ["CEAS Bologna, Fondazione Villa Ghigi"],
        "business": ["Officine Navile Srl", "Cooperativa Consegne in Bici Bologna"],
        "trade_association": ["Confindustria Emilia Area Centro", "Confcommercio Ascom Bologna"],
        "other": ["Fondazione Innovazione Urbana"],
    },
    "Laboratorio territoriale di Ferrara": {
        "local_authority": ["Comune di Ferrara", "Comune di Cento", "Comune di Comacchio"],
        "university": ["Università di Ferrara"],
        "research_centre": ["Tecnopolo di Ferrara"],
        "clust_er": ["Clust-ER Greentech"],
        "ceas": ["CEAS Centro IDEA Ferrara"],
        "business": ["Ortofrutta del Delta Soc. Coop.", "Biciclette Estensi Srl"],
        "trade_association": ["Confagricoltura Ferrara", "CNA Ferrara"],
        "other": ["FIAB Ferrara Amici della bicicletta"],
    },
    "Laboratorio territoriale di Ravenna": {
        "local_authority": ["Comune di Ravenna", "Provincia di Ravenna", "Comune di Cervia"],
        "university": ["Università di Bologna, Campus di Ravenna"],
        "research_centre": ["CNR, Istituto di scienze marine, sede di Ravenna"],
        "clust_er": ["Clust-ER Energia e sviluppo sostenibile"],
        "ceas": ["CEAS Ravenna, Centro per l'educazione alla sostenibilità"],
        "business": ["Porto Verde Logistica Srl", "Saline del Savio Soc. Coop."],
        "trade_association": ["Confindustria Romagna", "Confcooperative Romagna"],
        "other": ["Legambiente Ravenna"],
    },
    "Laboratorio territoriale della Romagna faentina": {
        "local_authority": ["Unione della Romagna Faentina", "Comune di Faenza", "Comune di Brisighella"],
        "university": ["Università di Bologna, Campus di Ravenna, sede di Faenza"],
        "research_centre": ["CNR ISSMC, Istituto di scienza dei materiali ceramici di Faenza"],
        "clust_er": ["Clust-ER Edilizia e costruzioni"],
        "ceas": ["CEAS della Romagna Faentina"],
        "business": ["Maioliche Manfrediane Snc", "Cantina dei Colli Faentini Soc. Coop."],
        "trade_association": ["CNA Ravenna, area faentina", "Confartigianato Faenza"],
        "other": ["Museo Internazionale delle Ceramiche in Faenza"],
    },
    "Laboratorio territoriale di Forlì-Cesena": {
        "local_authority": ["Comune di Forlì", "Comune di Cesena", "Comune di Cesenatico"],
        "university": ["Università di Bologna, Campus di Forlì e di Cesena"],
        "research_centre": ["Ser.In.Ar., Tecnopolo di Forlì-Cesena"],
        "clust_er": ["Clust-ER Agroalimentare"],
        "ceas": ["CEAS Forlì-Cesena"],
        "business": ["Ortofrutticola del Savio Soc. Coop.", "Mobilificio Bidentino Srl"],
        "trade_association": ["Confartigianato Forlì", "Confesercenti Cesenate"],
        "other": ["Fondazione Cassa dei Risparmi di Forlì"],
    },
    "Laboratorio territoriale di Rimini": {
        "local_authority": ["Comune di Rimini", "Comune di Riccione", "Comune di Santarcangelo di Romagna"],
        "university": ["Università di Bologna, Campus di Rimini"],
        "research_centre": ["Tecnopolo di Rimini"],
        "clust_er": ["Clust-ER Turismo"],
        "ceas": ["CEAS Rimini, Centro di educazione alla sostenibilità"],
        "business": ["Albergo Riviera Blu Srl", "Pesca e Mare Rimini Soc. Coop."],
        "trade_association": ["Federalberghi Rimini", "Confcommercio della provincia di Rimini"],
        "other": ["Legambiente Rimini"],
    },
}

# (title, summary, theme, SDG numbers)
CHALLENGES = [
    (
        "Basta file agli sportelli anagrafici",
        "Come ridurre le attese per carte d'identità e certificati senza chiudere gli sportelli a chi non usa internet?",
        2,
        (16, 10),
    ),
    (
        "Raccolta differenziata nei centri storici",
        "I cassonetti stradali non entrano nei vicoli: servono idee per la raccolta porta a porta che funzionino anche per turisti e negozi.",
        1,
        (11, 12),
    ),
    (
        "Comunità energetiche nei piccoli comuni",
        "Come coinvolgere famiglie e imprese in comunità energetiche rinnovabili dove i tetti pubblici sono pochi?",
        1,
        (7, 13),
    ),
    (
        "Mobilità casa-scuola sicura",
        "Troppe auto davanti alle scuole all'ingresso: cerchiamo soluzioni per far arrivare i ragazzi a piedi o in bicicletta.",
        3,
        (3, 11),
    ),
    (
        "Prenotazioni sanitarie senza attese al telefono",
        "Il numero unico per le prenotazioni è sempre occupato: come semplificare prenotazioni e disdette?",
        2,
        (3, 16),
    ),
    (
        "Simbiosi industriale nel distretto ceramico",
        "Gli scarti di una filiera possono diventare materia prima per un'altra: aiutateci a far incontrare domanda e offerta.",
        1,
        (9, 12),
    ),
    (
        "Turismo lento nell'Appennino",
        "Come portare visitatori nei borghi fuori stagione valorizzando sentieri, prodotti locali e ospitalità diffusa?",
        3,
        (8, 11),
    ),
    (
        "Welfare aziendale condiviso tra piccole imprese",
        "Le piccole imprese non riescono a offrire servizi di welfare: come metterli in comune sul territorio?",
        2,
        (8, 5),
    ),
    (
        "Meno spreco alimentare nelle mense scolastiche",
        "Ogni giorno una parte dei pasti finisce nel rifiuto: idee per ridurre lo spreco e recuperare le eccedenze.",
        1,
        (2, 12),
    ),
    (
        "Pratiche edilizie digitali per i cittadini",
        "Presentare una pratica edilizia richiede ancora troppi passaggi: come rendere il percorso chiaro e tutto online?",
        2,
        (9, 16),
    ),
    (
        "Spazi pubblici per i giovani nei quartieri",
        "I ragazzi chiedono luoghi per studiare e incontrarsi la sera: come riattivare spazi pubblici inutilizzati?",
        3,
        (4, 11),
    ),
    (
        "Acqua pubblica e borracce nelle scuole",
        "Vogliamo eliminare la plastica monouso negli istituti: servono idee per fontanelle, borracce ed educazione.",
        1,
        (6, 12),
    ),
    (
        "Competenze digitali per gli over 65",
        "Molti anziani non riescono a usare SPID e app pubbliche: come accompagnarli senza lasciarli soli?",
        2,
        (4, 10),
    ),
    (
        "Logistica urbana delle merci a basse emissioni",
        "Furgoni in doppia fila e consegne frammentate: come organizzare l'ultimo miglio in modo sostenibile?",
        3,
        (11, 13),
    ),
    (
        "Riuso dei materiali da costruzione",
        "Calcinacci e materiali da demolizione finiscono in discarica: come favorirne il recupero nei cantieri pubblici?",
        1,
        (9, 12),
    ),
    (
        "Inclusione lavorativa delle persone con disabilità",
        "Come aiutare imprese e persone a incontrarsi per tirocini e assunzioni che durino nel tempo?",
        2,
        (8, 10),
    ),
    (
        "Verde urbano contro le isole di calore",
        "Le estati sono sempre più calde in città: dove e come piantare alberi e creare ombra nei quartieri più esposti?",
        3,
        (11, 13, 15),
    ),
    (
        "Trasparenza dei bandi per le associazioni",
        "Le associazioni faticano a trovare e capire i bandi: come rendere contributi e scadenze più accessibili?",
        2,
        (16, 17),
    ),
    (
        "Sportello unico per le imprese più semplice",
        "Aprire o modificare un'attività richiede troppi moduli: come semplificare il SUAP per chi fa impresa?",
        2,
        (8, 9),
    ),
    (
        "Riduzione dei rifiuti negli eventi pubblici",
        "Sagre e festival producono montagne di stoviglie usa e getta: quali regole e servizi per eventi a rifiuti zero?",
        1,
        (12, 11),
    ),
    (
        "Trasporto a chiamata nelle aree interne",
        "Le corse degli autobus sono poche e vuote: un servizio a chiamata potrebbe collegare meglio frazioni e paesi?",
        3,
        (9, 11),
    ),
    (
        "Prevenzione degli allagamenti urbani",
        "Piogge intense allagano sottopassi e cantine: come coinvolgere i cittadini nella prevenzione e nell'allerta?",
        3,
        (11, 13),
    ),
    (
        "Economia circolare del tessile",
        "Abiti usati e scarti di lavorazione tessile: come creare una filiera locale di raccolta, riuso e riciclo?",
        1,
        (12, 8),
    ),
    (
        "Orientamento scolastico e lavoro nei territori",
        "I ragazzi scelgono la scuola superiore senza conoscere le imprese del territorio: come avvicinare scuola e lavoro?",
        2,
        (4, 8),
    ),
    (
        "Parità di genere nelle posizioni di responsabilità",
        "Nei ruoli dirigenziali pubblici le donne sono ancora poche: quali misure concrete per cambiare le cose?",
        2,
        (5, 16),
    ),
    (
        "Sicurezza stradale per chi va in bicicletta",
        "Gli incidenti con ciclisti aumentano: dove intervenire prima e come coinvolgere chi pedala ogni giorno?",
        3,
        (3, 11),
    ),
    (
        "Recupero degli immobili pubblici dismessi",
        "Scuole e caserme vuote si degradano: come restituirle alla comunità con progetti sostenibili?",
        3,
        (11, 17),
    ),
    (
        "Agricoltura di prossimità e mercati contadini",
        "Come portare i prodotti delle aziende agricole locali nelle mense e nei quartieri senza intermediari?",
        1,
        (2, 12),
    ),
    (
        "Assistenza domiciliare più coordinata",
        "Servizi sociali e sanitari a domicilio si sovrappongono: come coordinarli meglio attorno alla persona?",
        2,
        (3, 10),
    ),
    (
        "Biblioteche come presidi di comunità",
        "Le biblioteche possono diventare punti di accesso ai servizi digitali e luoghi di incontro: con quali idee?",
        3,
        (4, 11),
    ),
    (
        "Risparmio energetico negli edifici scolastici",
        "Le scuole consumano tanta energia: quali interventi e quali comportamenti per ridurre i consumi?",
        1,
        (7, 13),
    ),
    (
        "Pagamenti pubblici semplici per tutti",
        "Tasse, rette e multe si pagano in modi diversi: come rendere pagoPA semplice anche per chi è meno esperto?",
        2,
        (16, 9),
    ),
    (
        "Accoglienza e integrazione dei nuovi residenti",
        "Chi arriva da un altro paese si perde tra uffici e documenti: come accompagnare i primi mesi in città?",
        3,
        (10, 16),
    ),
    (
        "Filiere corte del legno in montagna",
        "I boschi dell'Appennino sono poco gestiti: come creare lavoro e valore con una filiera locale del legno?",
        1,
        (15, 8),
    ),
    (
        "Dati aperti utili per le imprese locali",
        "Le amministrazioni pubblicano molti dati ma pochi li usano: quali dati servono davvero alle imprese?",
        2,
        (9, 17),
    ),
    (
        "Spiagge accessibili e sostenibili",
        "Come rendere le spiagge libere accessibili a tutti e pulite, coinvolgendo stabilimenti e volontari?",
        3,
        (14, 10),
    ),
]

# Who launches each challenge (the first; later editions go to the others, in order):
# administrations whose territory has the problem.
CHALLENGE_HOMES = {
    "Basta file agli sportelli anagrafici": ("Comune di Bologna", "Comune di Lecce", "Comune di Torino"),
    "Raccolta differenziata nei centri storici": ("Comune di Ferrara", "Comune di Lecce", "Comune di Palermo"),
    "Comunità energetiche nei piccoli comuni": (
        "Unione dei Comuni del Frignano",
        "Unione della Romagna Faentina",
        "Regione Puglia",
    ),
    "Mobilità casa-scuola sicura": ("Comune di Reggio Emilia", "Comune di Modena", "Città metropolitana di Bari"),
    "Prenotazioni sanitarie senza attese al telefono": ("Azienda USL di Bologna", "ASL Bari", "Regione Toscana"),
    "Simbiosi industriale nel distretto ceramico": ("Regione Emilia-Romagna", "Unione della Romagna Faentina"),
    "Turismo lento nell'Appennino": ("Unione dei Comuni del Frignano", "Regione Toscana"),
    "Welfare aziendale condiviso tra piccole imprese": (
        "Provincia di Ravenna",
        "Regione Emilia-Romagna",
        "Regione Lombardia",
    ),
    "Meno spreco alimentare nelle mense scolastiche": ("Comune di Parma", "Comune di Torino", "Comune di Bologna"),
    "Pratiche edilizie digitali per i cittadini": (
        "Comune di Rimini",
        "Città metropolitana di Napoli",
        "Comune di Piacenza",
    ),
    "Spazi pubblici per i giovani nei quartieri": ("Comune di Palermo", "Comune di Forlì", "Comune di Bologna"),
    "Acqua pubblica e borracce nelle scuole": ("Comune di Modena", "Comune di Lecce"),
    "Competenze digitali per gli over 65": ("Agenzia per l'Italia Digitale", "Regione Puglia", "Comune di Piacenza"),
    "Logistica urbana delle merci a basse emissioni": ("Città metropolitana di Bologna", "Regione Lombardia"),
    "Riuso dei materiali da costruzione": (
        "Ministero dell'Ambiente e della Sicurezza Energetica",
        "Provincia di Ravenna",
    ),
    "Inclusione lavorativa delle persone con disabilità": ("Regione Puglia", "Comune di Ferrara"),
    "Verde urbano contro le isole di calore": (
        "ARPAE Emilia-Romagna",
        "Città metropolitana di Bari",
        "Comune di Torino",
    ),
    "Trasparenza dei bandi per le associazioni": ("Comune di Ravenna", "Comune di Palermo"),
    "Sportello unico per le imprese più semplice": ("Comune di Parma", "Città metropolitana di Napoli"),
    "Riduzione dei rifiuti negli eventi pubblici": ("Comune di Rimini", "Provincia di Lecce"),
    "Trasporto a chiamata nelle aree interne": (
        "Provincia di Lecce",
        "Regione Toscana",
        "Unione dei Comuni del Frignano",
    ),
    "Prevenzione degli allagamenti urbani": ("Comune di Ravenna", "Città metropolitana di Napoli"),
    "Economia circolare del tessile": ("Regione Toscana", "Comune di Modena", "Regione Lombardia"),
    "Orientamento scolastico e lavoro nei territori": ("Provincia di Ravenna", "Regione Puglia"),
    "Parità di genere nelle posizioni di responsabilità": ("Regione Emilia-Romagna", "Università di Bologna"),
    "Sicurezza stradale per chi va in bicicletta": ("Comune di Ferrara", "Comune di Reggio Emilia"),
    "Recupero degli immobili pubblici dismessi": ("Comune di Piacenza", "Comune di Torino"),
    "Agricoltura di prossimità e mercati contadini": ("Comune di Forlì", "Regione Puglia"),
    "Assistenza domiciliare più coordinata": ("Azienda USL di Bologna", "ASL Bari"),
    "Biblioteche come presidi di comunità": ("Comune di Lecce", "Comune di Reggio Emilia", "Università del Salento"),
    "Risparmio energetico negli edifici scolastici": ("Città metropolitana di Bologna", "Città metropolitana di Bari"),
    "Pagamenti pubblici semplici per tutti": ("Agenzia per l'Italia Digitale", "Comune di Torino"),
    "Accoglienza e integrazione dei nuovi residenti": ("Comune di Palermo", "Comune di Bologna"),
    "Filiere corte del legno in montagna": ("Unione dei Comuni del Frignano", "Regione Lombardia"),
    "Dati aperti utili per le imprese locali": ("Regione Emilia-Romagna", "Università del Salento"),
    "Spiagge accessibili e sostenibili": ("Comune di Rimini", "Provincia di Lecce"),
}

# Each challenge's own ideas: (solution title, what to do, as an infinitive clause).
SOLUTION_IDEAS = {
    "Basta file agli sportelli anagrafici": [
        (
            "Appuntamenti online a fasce di quindici minuti",
            "prenotare la carta d'identità online scegliendo fasce da quindici minuti",
        ),
        ("Sportello anagrafico aperto il sabato mattina", "aprire uno sportello il sabato mattina per chi lavora"),
        (
            "Certificati in edicola e in tabaccheria",
            "rilasciare i certificati anagrafici anche in edicole e tabaccherie convenzionate",
        ),
        (
            "Totem per i certificati nelle biblioteche",
            "installare totem per stampare i certificati nelle biblioteche di quartiere",
        ),
        ("Un numero d'attesa che arriva via SMS", "mandare un SMS quando mancano dieci persone al proprio turno"),
    ],
    "Raccolta differenziata nei centri storici": [
        (
            "Mini isole ecologiche con accesso a tessera",
            "posizionare piccole isole ecologiche chiuse, aperte con la tessera sanitaria",
        ),
        (
            "Ritiro porta a porta con mezzi elettrici",
            "ritirare i rifiuti nei vicoli con piccoli mezzi elettrici a orari fissi",
        ),
        (
            "Kit di sacchetti per gli affitti brevi",
            "consegnare ai turisti degli affitti brevi un kit di sacchetti e istruzioni in più lingue",
        ),
        (
            "Ritiro dedicato del vetro per bar e ristoranti",
            "organizzare un ritiro serale del vetro per i locali del centro",
        ),
        (
            "Calendario della raccolta sull'app del Comune",
            "pubblicare il calendario della raccolta sull'app del Comune con promemoria",
        ),
    ],
    "Comunità energetiche nei piccoli comuni": [
        (
            "Pannelli sui capannoni artigianali",
            "usare i tetti dei capannoni artigianali per i pannelli della comunità energetica",
        ),
        ("Sportello energia itinerante nei paesi", "portare uno sportello energia nei paesi per spiegare come aderire"),
        (
            "Comunità energetica della parrocchia e del circolo",
            "partire dai tetti della parrocchia e del circolo ricreativo",
        ),
        (
            "Accumulo condiviso nella scuola del paese",
            "installare una batteria condivisa nella scuola per usare l'energia la sera",
        ),
        (
            "Quote solidali per le famiglie in difficoltà",
            "destinare parte degli incentivi alle bollette delle famiglie in difficoltà",
        ),
    ],
    "Mobilità casa-scuola sicura": [
        (
            "Pedibus con genitori e nonni volontari",
            "organizzare un pedibus con genitori e nonni volontari su tre linee",
        ),
        (
            "Strade scolastiche chiuse alle auto all'ingresso",
            "chiudere alle auto le strade davanti alle scuole per mezz'ora all'ingresso e all'uscita",
        ),
        ("Rastrelliere coperte in ogni plesso", "installare rastrelliere coperte per le biciclette in ogni plesso"),
        (
            "Parcheggi di attestamento a cinquecento metri",
            "indicare parcheggi a cinquecento metri dalle scuole da cui proseguire a piedi",
        ),
        (
            "Mappa dei percorsi sicuri disegnata dai ragazzi",
            "far disegnare ai ragazzi la mappa dei percorsi sicuri verso la scuola",
        ),
    ],
    "Prenotazioni sanitarie senza attese al telefono": [
        ("Richiamata automatica dal CUP", "far richiamare automaticamente dal CUP chi trova la linea occupata"),
        ("Disdetta con un SMS di risposta", "permettere di disdire una visita rispondendo al promemoria via SMS"),
        (
            "Prenotazioni in farmacia per chi non usa internet",
            "prenotare visite ed esami nelle farmacie del territorio",
        ),
        (
            "Liste d'attesa pubbliche per ogni esame",
            "pubblicare ogni settimana i tempi d'attesa per ogni esame e ambulatorio",
        ),
        ("Posti liberati riassegnati in giornata", "riassegnare in giornata i posti liberati dalle disdette"),
    ],
    "Simbiosi industriale nel distretto ceramico": [
        (
            "Borsa degli scarti tra le ceramiche di Sassuolo e Fiorano",
            "creare una borsa online degli scarti tra le aziende ceramiche di Sassuolo e Fiorano",
        ),
        (
            "Fanghi di lavorazione per i laterizi",
            "riusare i fanghi della lavorazione delle piastrelle negli impasti dei laterizi",
        ),
        (
            "Calore dei forni per le serre vicine",
            "recuperare il calore dei forni per riscaldare serre e capannoni vicini",
        ),
        (
            "Pallet e imballaggi a rendere nel distretto",
            "far circolare pallet e imballaggi a rendere tra le aziende del distretto",
        ),
        (
            "Cocci delle botteghe faentine per il design",
            "raccogliere i cocci delle botteghe di Faenza per oggetti di design e mosaici",
        ),
    ],
    "Turismo lento nell'Appennino": [
        (
            "Cammino tra i borghi con tappe in agriturismo",
            "segnare un cammino tra i borghi con tappe negli agriturismi",
        ),
        (
            "Biglietto unico treno, bus e rifugi",
            "offrire un biglietto unico per treno, corriera e pernottamento nei rifugi",
        ),
        ("Ospitalità diffusa nelle case vuote dei borghi", "aprire le case vuote dei borghi all'ospitalità diffusa"),
        (
            "Noleggio di e-bike nelle stazioni di valle",
            "noleggiare biciclette a pedalata assistita nelle stazioni di valle",
        ),
        (
            "Calendario comune delle sagre fuori stagione",
            "coordinare un calendario comune di sagre e feste in autunno e primavera",
        ),
    ],
    "Welfare aziendale condiviso tra piccole imprese": [
        (
            "Centro estivo condiviso tra aziende della zona industriale",
            "organizzare un centro estivo per i figli dei dipendenti di più aziende",
        ),
        (
            "Piattaforma comune di buoni welfare",
            "aderire insieme a una piattaforma di buoni welfare con fornitori locali",
        ),
        (
            "Navetta aziendale per la zona industriale",
            "attivare una navetta condivisa dalla stazione alla zona industriale",
        ),
        (
            "Sportello di consulenza per chi assiste un familiare",
            "aprire uno sportello comune per i dipendenti che assistono un familiare",
        ),
        (
            "Convenzioni con palestre e ambulatori del paese",
            "stipulare convenzioni collettive con palestre e ambulatori del territorio",
        ),
    ],
    "Meno spreco alimentare nelle mense scolastiche": [
        ("Pane avanzato alle mense solidali", "donare ogni giorno il pane e la frutta avanzati alle mense solidali"),
        ("Menu scelti con i bambini", "scegliere una volta al mese il menu con i bambini delle classi"),
        (
            "Porzioni pesate e piatti più piccoli",
            "pesare gli avanzi per un mese e ridurre le porzioni dei piatti meno graditi",
        ),
        (
            "Merenda di metà mattina con la frutta del pranzo",
            "spostare la frutta del pranzo alla merenda di metà mattina",
        ),
        (
            "Sacchetto per portare a casa il non consumato",
            "dare a ogni bambino un sacchetto per portare a casa pane e frutta non consumati",
        ),
    ],
    "Pratiche edilizie digitali per i cittadini": [
        ("Modulo unico guidato per la CILA", "sostituire i moduli della CILA con un percorso guidato passo per passo"),
        ("Stato della pratica visibile online", "mostrare online a che punto è ogni pratica e chi la sta esaminando"),
        (
            "Videochiamata con il tecnico comunale",
            "prenotare una videochiamata con il tecnico comunale prima di presentare la pratica",
        ),
        (
            "Archivio delle pratiche storiche digitalizzato",
            "digitalizzare l'archivio delle pratiche storiche per gli accessi agli atti",
        ),
        (
            "Guida illustrata ai lavori di casa",
            "pubblicare una guida illustrata su quali lavori richiedono quale pratica",
        ),
    ],
    "Spazi pubblici per i giovani nei quartieri": [
        ("Aule studio serali nelle scuole", "aprire la sera le aule delle scuole come aule studio"),
        (
            "Centro giovani gestito dai ragazzi",
            "affidare un centro giovani a un'associazione di ragazzi con un patto di collaborazione",
        ),
        ("Campetti riaperti con illuminazione", "riaprire i campetti dei parchi con illuminazione fino alle ventitré"),
        ("Sala prove musicale in un ex magazzino", "trasformare un ex magazzino comunale in sala prove a prezzi bassi"),
        (
            "Bando per idee dei ragazzi sugli spazi vuoti",
            "lanciare un piccolo bando per le idee dei ragazzi sugli spazi vuoti",
        ),
    ],
    "Acqua pubblica e borracce nelle scuole": [
        ("Erogatori di acqua di rete in ogni piano", "installare erogatori di acqua di rete filtrata a ogni piano"),
        ("Borraccia in regalo alle classi prime", "regalare una borraccia a ogni alunno delle classi prime"),
        ("Analisi dell'acqua pubblicate nella scuola", "affiggere in ogni scuola le analisi dell'acqua del rubinetto"),
        (
            "Laboratorio sul ciclo dell'acqua con il gestore",
            "organizzare con il gestore del servizio idrico un laboratorio sul ciclo dell'acqua",
        ),
        ("Fontanelle nei cortili", "ripristinare le fontanelle nei cortili delle scuole"),
    ],
    "Competenze digitali per gli over 65": [
        (
            "Facilitatori digitali nei centri anziani",
            "portare facilitatori digitali nei centri sociali per anziani due volte a settimana",
        ),
        (
            "Ragazzi del servizio civile come tutor",
            "affidare ai ragazzi del servizio civile il tutoraggio per SPID e fascicolo sanitario",
        ),
        (
            "Guida stampata a caratteri grandi",
            "distribuire una guida stampata a caratteri grandi per i servizi online più usati",
        ),
        ("Delega digitale spiegata in farmacia", "spiegare in farmacia come delegare un familiare ai servizi online"),
        (
            "Corso breve sull'uso sicuro dello smartphone",
            "tenere un corso breve contro truffe e messaggi falsi sullo smartphone",
        ),
    ],
    "Logistica urbana delle merci a basse emissioni": [
        (
            "Centro di consegna alle porte della città",
            "aprire un centro di consegna alle porte della città da cui partono mezzi elettrici",
        ),
        ("Cargo bike per l'ultimo miglio", "affidare l'ultimo miglio a una cooperativa di consegne in cargo bike"),
        (
            "Armadietti per i pacchi nelle stazioni",
            "installare armadietti per il ritiro dei pacchi nelle stazioni e nei parcheggi",
        ),
        (
            "Finestre orarie per il carico e scarico",
            "fissare finestre orarie per il carico e scarico nelle vie del centro",
        ),
        ("Stalli di carico prenotabili con l'app", "rendere prenotabili con un'app gli stalli di carico e scarico"),
    ],
    "Riuso dei materiali da costruzione": [
        (
            "Criteri ambientali minimi nei capitolati",
            "inserire nei capitolati dei cantieri pubblici una quota minima di aggregati riciclati",
        ),
        (
            "Impianto mobile di frantumazione per i cantieri",
            "usare un impianto mobile di frantumazione nei cantieri più grandi",
        ),
        ("Mercato dei materiali di recupero", "creare un mercato di infissi, coppi e travi di recupero"),
        ("Demolizione selettiva nei bandi comunali", "chiedere la demolizione selettiva in tutti i bandi comunali"),
        (
            "Tracciabilità digitale dei rifiuti da cantiere",
            "tracciare in digitale i rifiuti da cantiere dal luogo di produzione all'impianto",
        ),
    ],
    "Inclusione lavorativa delle persone con disabilità": [
        ("Tutor aziendale per i primi sei mesi", "affiancare un tutor aziendale formato nei primi sei mesi di lavoro"),
        (
            "Banca dati delle mansioni adattabili",
            "raccogliere in una banca dati le mansioni che le imprese possono adattare",
        ),
        (
            "Tirocini nelle cooperative con passaggio in azienda",
            "far partire i tirocini in cooperativa e poi proseguire in azienda",
        ),
        ("Incontri tra imprese e famiglie", "organizzare incontri periodici tra imprese, famiglie e servizi"),
        (
            "Contributo per adattare la postazione",
            "dare un contributo rapido alle imprese per adattare la postazione di lavoro",
        ),
    ],
    "Verde urbano contro le isole di calore": [
        (
            "Mappa termica dei quartieri più caldi",
            "pubblicare la mappa termica estiva per decidere dove piantare prima",
        ),
        (
            "Alberi nei cortili delle scuole",
            "piantare alberi nei cortili delle scuole e sostituire l'asfalto con prato",
        ),
        ("Tetti verdi sugli edifici pubblici", "realizzare tetti verdi sugli edifici pubblici con coperture piane"),
        (
            "Adozione degli alberi da parte dei residenti",
            "affidare l'annaffiatura dei nuovi alberi ai residenti per i primi due anni",
        ),
        ("Pensiline verdi alle fermate dell'autobus", "coprire le fermate dell'autobus con pensiline verdi"),
    ],
    "Trasparenza dei bandi per le associazioni": [
        ("Calendario unico dei bandi dell'anno", "pubblicare a gennaio il calendario di tutti i bandi dell'anno"),
        ("Avviso via email per tema", "avvisare via email le associazioni iscritte quando esce un bando del loro tema"),
        (
            "Schede dei bandi in linguaggio semplice",
            "riassumere ogni bando in una scheda di una pagina in linguaggio semplice",
        ),
        (
            "Sportello di accompagnamento alla rendicontazione",
            "aprire uno sportello che aiuta le piccole associazioni a rendicontare",
        ),
        ("Esiti dei bandi come dati aperti", "pubblicare come dati aperti gli esiti e gli importi di ogni bando"),
    ],
    "Sportello unico per le imprese più semplice": [
        (
            "Percorso guidato per aprire un negozio",
            "offrire un percorso guidato che dice quali moduli servono per aprire un negozio",
        ),
        (
            "Modulistica unica per tutti i comuni della provincia",
            "usare la stessa modulistica SUAP in tutti i comuni della provincia",
        ),
        ("Appuntamento preventivo con il SUAP", "prenotare un colloquio preventivo con il SUAP prima di investire"),
        ("Scadenze e rinnovi con promemoria", "mandare promemoria per le scadenze e i rinnovi delle autorizzazioni"),
        (
            "Pagamento dei diritti di istruttoria con pagoPA",
            "pagare i diritti di istruttoria con pagoPA direttamente nella pratica",
        ),
    ],
    "Riduzione dei rifiuti negli eventi pubblici": [
        (
            "Stoviglie lavabili in prestito per le sagre",
            "prestare alle sagre stoviglie lavabili con una lavastoviglie mobile",
        ),
        (
            "Cauzione sul bicchiere ai concerti",
            "introdurre un bicchiere riutilizzabile con cauzione ai concerti estivi",
        ),
        (
            "Marchio evento a rifiuti zero",
            "assegnare un marchio agli eventi che raggiungono l'ottanta per cento di differenziata",
        ),
        ("Volontari alle isole di raccolta", "mettere volontari formati alle isole di raccolta degli eventi"),
        (
            "Fontanelle mobili al posto delle bottiglie",
            "portare fontanelle mobili agli eventi al posto delle bottigliette",
        ),
    ],
    "Trasporto a chiamata nelle aree interne": [
        (
            "Minibus a chiamata prenotabile dal giorno prima",
            "attivare un minibus a chiamata prenotabile fino alla sera prima",
        ),
        ("Taxi collettivo per le visite mediche", "organizzare un taxi collettivo per le visite all'ospedale"),
        (
            "Scuolabus aperti agli adulti nelle ore vuote",
            "aprire gli scuolabus agli adulti nelle ore in cui non servono alle scuole",
        ),
        ("Autisti volontari con auto del Comune", "coinvolgere autisti volontari con le auto del Comune"),
        ("Orari coordinati con i treni regionali", "coordinare le corse a chiamata con gli orari dei treni regionali"),
    ],
    "Prevenzione degli allagamenti urbani": [
        ("Allerta via SMS per i sottopassi", "mandare un'allerta via SMS quando un sottopasso sta per essere chiuso"),
        ("Giardini della pioggia nei parcheggi", "realizzare giardini della pioggia nei parcheggi pubblici"),
        (
            "Pulizia delle caditoie segnalata dai cittadini",
            "far segnalare ai cittadini le caditoie ostruite con una foto",
        ),
        ("Contributi per le valvole antiriflusso", "dare contributi per installare valvole antiriflusso nelle cantine"),
        (
            "Esercitazioni di protezione civile nei quartieri",
            "organizzare esercitazioni di protezione civile nei quartieri più esposti",
        ),
    ],
    "Economia circolare del tessile": [
        (
            "Cassonetti per gli abiti con tracciabilità",
            "installare cassonetti per gli abiti usati con tracciabilità di ciò che si raccoglie",
        ),
        (
            "Scampoli delle aziende alle sartorie sociali",
            "donare gli scampoli delle aziende tessili alle sartorie sociali",
        ),
        (
            "Mercato del riuso degli abiti per bambini",
            "organizzare un mercato mensile del riuso degli abiti per bambini",
        ),
        ("Riciclo della lana rigenerata", "riportare in filiera la lana rigenerata dagli scarti cardati"),
        (
            "Riparazione degli abiti nei centri del riuso",
            "aprire laboratori di riparazione degli abiti nei centri del riuso",
        ),
    ],
    "Orientamento scolastico e lavoro nei territori": [
        (
            "Aziende aperte per le classi terze medie",
            "aprire le aziende del territorio alle visite delle classi terze medie",
        ),
        (
            "Testimonianze di ex studenti al lavoro",
            "invitare ex studenti che lavorano in zona a raccontare il loro percorso",
        ),
        (
            "Mappa delle professioni richieste in provincia",
            "pubblicare ogni anno la mappa delle professioni più richieste in provincia",
        ),
        (
            "Settimana dei mestieri con gli artigiani",
            "organizzare una settimana dei mestieri con le botteghe artigiane",
        ),
        ("Orientamento anche per i genitori", "tenere incontri di orientamento dedicati ai genitori"),
    ],
    "Parità di genere nelle posizioni di responsabilità": [
        (
            "Mentoring per le funzionarie",
            "avviare un programma di mentoring per le funzionarie che aspirano a ruoli dirigenziali",
        ),
        ("Commissioni di concorso equilibrate", "garantire commissioni di concorso con almeno due donne su cinque"),
        ("Riunioni in orario di lavoro", "fissare riunioni e formazione solo in orario di lavoro"),
        (
            "Dati sulle carriere per genere pubblicati ogni anno",
            "pubblicare ogni anno i dati sulle carriere e sugli incarichi per genere",
        ),
        ("Congedi di paternità incoraggiati", "incoraggiare i congedi di paternità con una campagna interna"),
    ],
    "Sicurezza stradale per chi va in bicicletta": [
        ("Case avanzate per le bici ai semafori", "disegnare case avanzate per le biciclette ai semafori principali"),
        ("Zone 30 nei quartieri residenziali", "estendere le zone 30 a tutti i quartieri residenziali"),
        (
            "Segnalazione delle buche con l'app",
            "far segnalare con l'app le buche e i tratti pericolosi delle ciclabili",
        ),
        (
            "Corsi di guida sicura per autisti di bus e camion",
            "tenere corsi sull'angolo cieco per gli autisti di bus e camion",
        ),
        ("Ciclabili separate sulle radiali", "separare con cordoli le ciclabili sulle strade radiali"),
    ],
    "Recupero degli immobili pubblici dismessi": [
        ("Usi temporanei in attesa dei lavori", "concedere usi temporanei alle associazioni in attesa dei lavori"),
        (
            "Caserma dismessa come polo per startup",
            "trasformare una caserma dismessa in un polo per startup e artigiani",
        ),
        (
            "Censimento pubblico degli immobili vuoti",
            "pubblicare il censimento degli immobili pubblici vuoti con foto e metri quadri",
        ),
        ("Ex scuola come casa di quartiere", "fare di una ex scuola una casa di quartiere gestita dai residenti"),
        (
            "Residenze per studenti e giovani lavoratori",
            "ricavare residenze a canone calmierato per studenti e giovani lavoratori",
        ),
    ],
    "Agricoltura di prossimità e mercati contadini": [
        (
            "Mercato contadino nei quartieri il mercoledì",
            "portare un mercato contadino nei quartieri il mercoledì pomeriggio",
        ),
        (
            "Prodotti locali nei capitolati delle mense",
            "inserire una quota di prodotti locali nei capitolati delle mense",
        ),
        (
            "Piattaforma di ordini per i gruppi di acquisto",
            "creare una piattaforma di ordini per i gruppi di acquisto solidale",
        ),
        (
            "Orti urbani affidati a giovani agricoltori",
            "affidare orti urbani a giovani agricoltori che vendono in loco",
        ),
        ("Etichetta del chilometro zero", "creare un'etichetta comune per i prodotti a chilometro zero"),
    ],
    "Assistenza domiciliare più coordinata": [
        (
            "Un solo piano di assistenza per persona",
            "condividere un solo piano di assistenza tra servizi sociali e sanitari",
        ),
        ("Infermiere di comunità come riferimento", "dare a ogni famiglia un infermiere di comunità come riferimento"),
        ("Diario condiviso delle visite a domicilio", "tenere un diario digitale condiviso delle visite a domicilio"),
        ("Sostegno ai caregiver familiari", "offrire ai caregiver familiari ore di sollievo e un gruppo di ascolto"),
        ("Telemonitoraggio per chi vive solo", "attivare il telemonitoraggio per gli anziani che vivono soli"),
    ],
    "Biblioteche come presidi di comunità": [
        ("Punto di facilitazione digitale in biblioteca", "aprire in biblioteca un punto di facilitazione digitale"),
        ("Biblioteca aperta la domenica", "aprire la biblioteca la domenica pomeriggio con i volontari"),
        ("Prestito di attrezzi e strumenti", "prestare attrezzi, strumenti musicali e giochi oltre ai libri"),
        (
            "Gruppi di lettura per i nuovi cittadini",
            "organizzare gruppi di lettura e conversazione in italiano per i nuovi cittadini",
        ),
        ("Bibliobus nelle frazioni", "portare un bibliobus nelle frazioni una volta a settimana"),
    ],
    "Risparmio energetico negli edifici scolastici": [
        ("Valvole termostatiche in ogni aula", "installare valvole termostatiche in ogni aula"),
        ("Energy manager degli studenti", "nominare in ogni classe due studenti responsabili di luci e finestre"),
        ("Illuminazione a LED nelle palestre", "sostituire con LED l'illuminazione delle palestre"),
        (
            "Cappotto termico nelle scuole più energivore",
            "isolare con il cappotto termico le scuole che consumano di più",
        ),
        ("Consumi di ogni scuola pubblicati ogni mese", "pubblicare ogni mese i consumi di energia di ogni scuola"),
    ],
    "Pagamenti pubblici semplici per tutti": [
        ("Avviso pagoPA con QR code leggibile", "stampare sugli avvisi un QR code pagoPA grande e leggibile"),
        (
            "Pagamento delle rette con addebito automatico",
            "permettere l'addebito automatico delle rette di mense e nidi",
        ),
        ("Promemoria delle scadenze nell'app IO", "mandare nell'app IO il promemoria di ogni scadenza"),
        ("Assistenza al pagamento negli uffici postali", "dare assistenza al pagamento negli uffici postali dei paesi"),
        ("Rateizzazione semplice online", "chiedere online la rateizzazione con una sola schermata"),
    ],
    "Accoglienza e integrazione dei nuovi residenti": [
        ("Kit di benvenuto in più lingue", "consegnare all'iscrizione anagrafica un kit di benvenuto in più lingue"),
        ("Mediatori culturali agli sportelli", "mettere mediatori culturali agli sportelli più frequentati"),
        ("Corsi di italiano serali", "organizzare corsi di italiano serali per chi lavora"),
        ("Mappa dei servizi per i primi mesi", "pubblicare una mappa dei servizi utili nei primi mesi in città"),
        ("Famiglie tutor per i nuovi arrivati", "affiancare ai nuovi arrivati famiglie tutor del quartiere"),
    ],
    "Filiere corte del legno in montagna": [
        ("Consorzio forestale dei proprietari", "riunire i piccoli proprietari in un consorzio forestale"),
        (
            "Cippato per le caldaie degli edifici pubblici",
            "scaldare scuole e municipi con il cippato dei boschi locali",
        ),
        (
            "Legno locale nei bandi per l'edilizia pubblica",
            "premiare il legno locale certificato nei bandi per l'edilizia pubblica",
        ),
        ("Scuola di mestiere per boscaioli", "aprire una scuola di mestiere per boscaioli e carpentieri"),
        ("Marchio del legno dell'Appennino", "creare un marchio per il legno dell'Appennino"),
    ],
    "Dati aperti utili per le imprese locali": [
        ("Dati sui flussi turistici per comune", "pubblicare ogni mese i flussi turistici per comune"),
        (
            "Catalogo dei dati chiesto dalle imprese",
            "chiedere alle associazioni di categoria quali dati pubblicare per primi",
        ),
        ("API dei bandi e dei contributi", "esporre bandi e contributi attraverso un'API aperta"),
        ("Hackathon sui dati del territorio", "organizzare un hackathon con le università sui dati del territorio"),
        ("Dati sui locali commerciali sfitti", "pubblicare la mappa dei locali commerciali sfitti"),
    ],
    "Spiagge accessibili e sostenibili": [
        ("Passerelle fino alla battigia", "posare passerelle fino alla battigia nelle spiagge libere"),
        ("Sedie da spiaggia per persone con disabilità", "mettere a disposizione sedie anfibie nelle spiagge libere"),
        (
            "Pulizia delle spiagge con i volontari",
            "organizzare ogni mese la pulizia delle spiagge con volontari e scuole",
        ),
        ("Posacenere tascabili per i bagnanti", "distribuire posacenere tascabili ai bagnanti"),
        (
            "Servizi igienici accessibili nelle spiagge libere",
            "installare servizi igienici accessibili nelle spiagge libere",
        ),
    ],
}
# Places in each administration's territory, with their preposition: a solution that
# repeats an idea of its challenge is about one of them ("Pedibus ... a Scandiano").
PLACES = {
    "Regione Emilia-Romagna": ["a Sassuolo", "a Fiorano Modenese", "a Faenza", "a Imola", "a Carpi", "a Cesena"],
    "Regione Puglia": ["a Taranto", "a Foggia", "a Brindisi", "ad Altamura", "a Monopoli", "nel Salento"],
    "Regione Toscana": ["a Prato", "ad Arezzo", "in Garfagnana", "in Mugello", "a Empoli", "in Val d'Orcia"],
    "Regione Lombardia": ["a Bergamo", "a Brescia", "in Valtellina", "a Como", "a Lecco", "a Mantova"],
    "Provincia di Ravenna": ["a Lugo", "a Cervia", "a Bagnacavallo", "a Russi", "a Massa Lombarda", "a Conselice"],
    "Provincia di Lecce": ["a Gallipoli", "a Otranto", "a Nardò", "a Galatina", "a Maglie", "a Tricase"],
    "Città metropolitana di Bologna": [
        "a Imola",
        "a San Lazzaro di Savena",
        "a Casalecchio di Reno",
        "a Budrio",
        "a Vergato",
        "a Pianoro",
    ],
    "Città metropolitana di Bari": [
        "a Molfetta",
        "a Monopoli",
        "ad Altamura",
        "a Bitonto",
        "a Gravina in Puglia",
        "a Conversano",
    ],
    "Città metropolitana di Napoli": [
        "a Pozzuoli",
        "a Torre del Greco",
        "a Castellammare di Stabia",
        "a Nola",
        "a Giugliano",
        "a Sorrento",
    ],
    "Comune di Bologna": [
        "al Navile",
        "a San Donato-San Vitale",
        "a Borgo Panigale-Reno",
        "al Savena",
        "a Porto-Saragozza",
        "a Santo Stefano",
    ],
    "Comune di Modena": [
        "alla Crocetta",
        "a Buon Pastore",
        "a San Faustino",
        "al Villaggio Artigiano",
        "a Sacca",
        "a San Damaso",
    ],
    "Comune di Parma": [
        "all'Oltretorrente",
        "al quartiere San Leonardo",
        "a Cittadella",
        "al Pablo",
        "a Montanara",
        "al Lubiana",
    ],
    "Comune di Reggio Emilia": [
        "a Santa Croce",
        "al quartiere Rosta Nuova",
        "a Ospizio",
        "a Mancasale",
        "a Gavassa",
        "a Massenzatico",
    ],
    "Comune di Ferrara": [
        "al Barco",
        "a Pontelagoscuro",
        "a Porotto",
        "al quartiere Giardino",
        "a Via Bologna",
        "a Quacchio",
    ],
    "Comune di Ravenna": [
        "a Marina di Ravenna",
        "a Punta Marina",
        "al quartiere Darsena",
        "a Lido Adriano",
        "a San Pietro in Vincoli",
        "a Castiglione di Ravenna",
    ],
    "Comune di Forlì": [
        "a Vecchiazzano",
        "a Ronco",
        "al quartiere Cava",
        "a San Martino in Strada",
        "a Carpinello",
        "a Roncadello",
    ],
    "Comune di Rimini": [
        "a Viserba",
        "a Miramare",
        "a Torre Pedrera",
        "a Rivabella",
        "al Borgo San Giuliano",
        "a Marina Centro",
    ],
    "Comune di Piacenza": [
        "al quartiere Roma",
        "a Besurica",
        "alla Farnesiana",
        "a Mucinasso",
        "al Galleana",
        "a Borgotrebbia",
    ],
    "Comune di Lecce": [
        "a San Cataldo",
        "a Frigole",
        "al quartiere Leuca",
        "a Santa Rosa",
        "al quartiere Stadio",
        "a Borgo San Nicola",
    ],
    "Comune di Torino": [
        "a Barriera di Milano",
        "a San Salvario",
        "a Mirafiori Sud",
        "a Vanchiglia",
        "a Borgo Vittoria",
        "alle Vallette",
    ],
    "Comune di Palermo": ["allo Zen", "a Brancaccio", "alla Kalsa", "a Borgo Vecchio", "a Mondello", "a Sferracavallo"],
    "Unione della Romagna Faentina": [
        "a Faenza",
        "a Brisighella",
        "a Castel Bolognese",
        "a Riolo Terme",
        "a Solarolo",
        "a Casola Valsenio",
    ],
    "Unione dei Comuni del Frignano": [
        "a Pavullo nel Frignano",
        "a Sestola",
        "a Fanano",
        "a Lama Mocogno",
        "a Pievepelago",
        "a Fiumalbo",
    ],
    "Ministero dell'Ambiente e della Sicurezza Energetica": [
        "a Roma",
        "a Milano",
        "a Napoli",
        "a Torino",
        "a Palermo",
        "a Genova",
    ],
    "Agenzia per l'Italia Digitale": ["a Roma", "a Milano", "a Napoli", "a Bari", "a Firenze", "a Cagliari"],
    "Azienda USL di Bologna": [
        "a Casalecchio di Reno",
        "a San Lazzaro di Savena",
        "a Porretta Terme",
        "a San Giovanni in Persiceto",
        "a Budrio",
        "a Bentivoglio",
    ],
    "ASL Bari": ["a Molfetta", "a Putignano", "ad Altamura", "a Monopoli", "a Terlizzi", "a Corato"],
    "Università di Bologna": ["a Forlì", "a Cesena", "a Ravenna", "a Rimini", "a Imola", "a Ozzano dell'Emilia"],
    "Università del Salento": [
        "a Lecce",
        "a Brindisi",
        "al campus Ecotekne",
        "a Monteroni di Lecce",
        "a Gallipoli",
        "a Otranto",
    ],
    "ARPAE Emilia-Romagna": ["a Modena", "a Reggio Emilia", "a Parma", "a Ferrara", "a Rimini", "a Piacenza"],
}

CHALLENGE_BODIES = [
    "Negli ultimi anni abbiamo raccolto molte segnalazioni su questo tema e i dati confermano il problema.",
    "Vogliamo sperimentare soluzioni concrete nel prossimo anno, con un budget dedicato e il coinvolgimento degli uffici.",
    "Cerchiamo idee realizzabili, sostenibili nel tempo e verificabili con indicatori chiari.",
    "Ci interessano sia proposte tecnologiche sia cambiamenti organizzativi o di comunicazione.",
    "Le proposte migliori saranno discusse in un incontro pubblico con i proponenti.",
    "Il progetto si inserisce nella strategia regionale per lo sviluppo sostenibile e nell'Agenda 2030.",
    "Ogni proposta dovrebbe indicare chi ne beneficia, quanto costa all'incirca e chi potrebbe realizzarla.",
]

SOLUTION_OPENINGS = [
    "Propongo di",
    "Si potrebbe",
    "La nostra idea è di",
    "Come associazione suggeriamo di",
    "Da cittadina propongo di",
    "Come impresa del territorio proponiamo di",
    "Un'idea semplice:",
    "Nella mia esperienza funzionerebbe",
]
SOLUTION_ACTIONS = [
    ("un calendario di prenotazione online", "prenotare in anticipo con fasce orarie da quindici minuti"),
    ("uno sportello itinerante", "portare il servizio nei quartieri e nelle frazioni una volta a settimana"),
    ("una piattaforma di scambio tra imprese", "mettere in contatto chi produce scarti con chi può riutilizzarli"),
    ("un gruppo di volontari formati", "accompagnare le persone meno esperte passo dopo passo"),
    ("un accordo con le associazioni di categoria", "condividere costi e servizi tra piccole imprese"),
    ("un sistema di premi per i comportamenti virtuosi", "ridurre la tariffa a chi differenzia meglio"),
    ("una app con notifiche e promemoria", "avvisare i cittadini delle scadenze e dei cambi di orario"),
    ("un percorso pedonale protetto", "rendere sicuro il tragitto nei momenti di punta"),
    ("un laboratorio nelle scuole", "coinvolgere ragazzi e insegnanti nella progettazione"),
    ("un patto di collaborazione con i residenti", "affidare la cura degli spazi a chi li vive ogni giorno"),
    ("un servizio a chiamata con mezzi piccoli", "collegare frazioni e paesi solo quando serve"),
    ("una mappa pubblica dei dati", "rendere visibili i problemi e i progressi di ogni zona"),
]
SOLUTION_DETAILS = [
    "Si può partire con una sperimentazione di sei mesi in un solo quartiere e misurare i risultati.",
    "I costi sarebbero contenuti perché si usano strutture e personale già esistenti.",
    "Esperienze simili in altri comuni hanno dimezzato i tempi di attesa.",
    "È importante prevedere sempre un'alternativa per chi non usa strumenti digitali.",
    "Le imprese del territorio potrebbero sostenere il progetto come sponsor.",
    "Servirebbe una campagna di comunicazione chiara, in più lingue.",
    "I dati raccolti andrebbero pubblicati come dati aperti ogni trimestre.",
    "Si potrebbero coinvolgere le università per valutare l'impatto.",
    "Il progetto potrebbe essere finanziato con fondi europei per la coesione.",
    "Chiediamo di poter presentare l'idea in un incontro con gli uffici competenti.",
]

COMMENTS = [
    "Ottima idea, nel mio quartiere servirebbe davvero.",
    "Sono d'accordo, ma bisogna pensare anche a chi non ha uno smartphone.",
    "Quanto costerebbe? Sarebbe utile una stima, anche approssimativa.",
    "L'abbiamo provato nel nostro comune e ha funzionato bene, soprattutto all'inizio.",
    "Attenzione alla privacy dei dati raccolti.",
    "Aggiungerei un coinvolgimento delle scuole fin dal principio.",
    "Mi sembra complicato da realizzare in tempi brevi, ma vale la pena provarci.",
    "Come associazione siamo disponibili a dare una mano.",
    "Propongo di partire da una zona pilota e poi allargare.",
    "Non sono convinto: il problema vero è la mancanza di personale.",
    "Bella proposta! Andrebbe però comunicata meglio.",
    "Si potrebbe collegare con il servizio già esistente in biblioteca.",
    "Chi si occuperebbe della manutenzione nel tempo?",
    "Ho lavorato su un progetto simile: i risultati arrivano dopo qualche mese.",
    "Sarebbe utile pubblicare i dati prima e dopo la sperimentazione.",
]
REPLIES = [
    "Grazie, è proprio quello che intendevamo.",
    "Buona osservazione, la aggiungiamo alla proposta.",
    "Concordo con te.",
    "Non credo, ma possiamo parlarne all'incontro pubblico.",
    "Abbiamo una stima: circa ventimila euro il primo anno.",
    "Sì, l'alternativa allo sportello resta sempre garantita.",
]
RESPONSES = {
    "under_review": "Grazie per la proposta: gli uffici la stanno esaminando e vi aggiorneremo entro due mesi.",
    "accepted": "La proposta è stata accolta: sarà inserita nel piano delle attività del prossimo anno.",
    "rejected": "Grazie del contributo. Al momento la proposta non è realizzabile per vincoli di bilancio.",
    "implemented": "La proposta è stata realizzata: il servizio è attivo da questo mese. Grazie a tutti!",
}

FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Alessandro",
    "Sara",
    "Matteo",
    "Elena",
    "Davide",
    "Martina",
    "Andrea",
    "Valentina",
    "Simone",
    "Federica",
    "Lorenzo",
    "Giorgia",
    "Paolo",
    "Anna",
    "Stefano",
    "Silvia",
    "Roberto",
    "Ilaria",
    "Giovanni",
    "Laura",
    "Antonio",
    "Beatrice",
    "Riccardo",
    "Marta",
    "Fabio",
]
LAST_NAMES = [
    "Rossi",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "Longo",
    "Gentile",
    "Vitale",
    "Serra",
    "Coppola",
]
ORGANISATIONS = [
    "Cooperativa Terra Viva",
    "Associazione Città Ciclabile",
    "Studio Ingegneria Verde",
    "Pro Loco di Borgo San Lorenzo",
    "Comitato di quartiere San Donato",
    "Impresa Sociale Il Ponte",
    "Fondazione Futuro Comune",
    "Gruppo di ricerca Smart Cities",
    "Associazione Nonni Digitali",
    "Confederazione Artigiani del Frignano",
]
