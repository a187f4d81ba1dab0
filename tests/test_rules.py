"""The offered-vs-mentioned rule table: each rule fires on its own kind of sentence, says why,
and leaves the facility's plain offers alone (pure functions, no Scrapy)."""

import json
from importlib import resources

import pytest

from crawler.extract import rules


def reason(sentence: str, slug: str) -> str | None:
    (mention,) = [m for m in rules.terms(sentence) if m.slug == slug][:1]
    return rules.rejected(sentence, mention)


# (sentence, slug the sentence names, the rule that must say it is not an offer)
NOT_OFFERS = [
    # round twelve: a past told as past is what the place was, not what it offers
    ("In 1979 the clinic moved its detox unit to the county hospital.", "detox", "history"),
    ("The main diagnoses back then were alcohol and heroin.", "alcohol", "history"),
    # round twelve: money the client has or receives pays for no care
    ("Residents get a $5 per week allowance for the snack machine.", "self_pay",
     "clients_own_money"),
    ("Bring proof of any cash assistance benefits you get from the county.", "self_pay",
     "clients_own_money"),
    ("Please bring any disability benefits or financial aid you are receiving now.",
     "payment_assistance", "clients_own_money"),
    ("Cash: please bring quarters for the laundry machines.", "self_pay", "clients_own_money"),
    ("Most patients pay the full fee out of pocket.", "self_pay", "generic"),
    ("Many clients of most clinics pay privately.", "self_pay", "generic"),
    ("Many therapists charge $150 for 50 minutes of therapy.", "self_pay", "generic"),
    # an out-of-network practice's counterfactual is no acceptance
    ("If we were in-network, insurance would pay only for some diagnoses.",
     "private_insurance", "hypothetical"),
    ("In most practices, payment is due at the time of service.", "self_pay", "generic"),
    ("Couples therapy sessions are usually held weekly.", "sessions", "definition"),
    ("An intensive outpatient program means three evenings of groups a week.", "iop",
     "definition"),
    ("Ask about a program's telehealth options before you choose it.", "telehealth",
     "hypothetical"),
    ("© 2024 Lakeshore Detox and Recovery Center. All rights reserved.", "detox", "copyright"),
    # the kind of institution closing an organisation's name is its name, not a programme
    ("At Harbor Point Rehab Treatment Center, clients join day groups.", "residential",
     "in_a_name"),
    ("Our program is MAT-friendly and welcomes everyone.", "mat", "compound"),
    ("Our campus is alcohol- and drug-free.", "alcohol", "compound"),
    ("We provide trauma-informed counseling.", "ptsd", "compound"),
    ("Our staff learn to recognise secondary trauma in themselves.", "ptsd", "qualified_away"),
    ("Withdrawal symptoms such as anxiety and insomnia pass within days.", "anxiety", "symptom"),
    ("Do you accept Medicaid?", "medicaid", "question"),
    ("Our 30 Day Program helps you reset.", "php", "duration"),
    ("We do not offer detox, but our IOP meets nightly.", "detox", "negated"),
    ("Update: our residential program closed in 2021.", "residential", "negated"),
    ("We have no beds and no detox here.", "detox", "negated"),
    ("There is no inpatient unit, but our IOP meets nightly.", "inpatient", "negated"),
    ("Weekend IOP is coming soon.", "iop", "not_yet"),
    ("Blue Cross plans will soon be accepted; join our waitlist.", "bcbs", "not_yet"),
    ("Detox is one of the future services of our new campus.", "detox", "not_yet"),
    # round twelve (news12): an owner's news announcing what it means to build is no offer yet
    ("Maple Clinic announces plans to add a youth residential unit.", "residential", "not_yet"),
    ("Many clients step down to an IOP after residential care.", "iop", "comparison"),
    ("Patients may be stepped down from residential treatment to our day program.",
     "residential", "comparison"),
    ("Our day program suits patients who have just completed residential treatment.",
     "residential", "comparison"),
    ("A sober home is an intermediary step between residential rehab and home.", "residential",
     "comparison"),
    ("Clients who receive methadone from an outside prescriber are welcome.", "methadone",
     "elsewhere"),
    ("We are happy to suggest adolescent programs in the area.", "adolescents", "elsewhere"),
    ("We partner with a local sober living home.", "sober_living", "elsewhere"),
    ("Clients go home each evening or to a sober living house.", "sober_living", "elsewhere"),
    ("We refer clients who need detox to the county hospital.", "detox", "elsewhere"),
    ("We're here to help you out with finding a rehab that takes Cigna.", "cigna", "elsewhere"),
    ("If detox is needed first, our team will arrange it.", "detox", "hypothetical"),
    ("Ask your provider whether they offer EMDR.", "emdr", "hypothetical"),
    # a reader's condition in a whether-clause nobody answers for is still a supposition
    ("Check whether you're dealing with panic disorder before booking.", "anxiety",
     "hypothetical"),
    # round twelve: sought, but nobody here answers for it; a level sought is the reader's choice
    ("Ask a counselor whether you're seeking support for panic attacks or for grief.", "anxiety",
     "hypothetical"),
    ("Whether you are looking for detox or a sober house, we list options near you.", "detox",
     "hypothetical"),
    ("We can help you explore whether you qualify for Medicaid.", "medicaid", "help_applying"),
    ("What is partial hospitalization, and who is it for.", "php", "definition"),
    ("Sober living offers a stable place to live with house rules.", "sober_living", "definition"),
    ("Medical Detox: Withdrawal management focuses on getting through withdrawal safely.",
     "detox", "definition"),
    ("Before I came here I went through detox twice.", "detox", "other_experiencer"),
    ("Before joining the clinic, Dana spent eight years on an inpatient psychiatric unit.",
     "inpatient", "biography"),
    ("After Sam joined the clinic he ran its detox unit for a decade.", "detox", "biography"),
    ("Most programs accept Medicare.", "medicare", "generic"),
    ("Insurance plans usually cover residential treatment.", "residential", "coverage_talk"),
    ("Drug testing is free of charge to clients in the program.", "free", "ancillary_free"),
    ("A grant from the Cigna Foundation built our garden.", "cigna", "other_body"),
    ("We give you a superbill you can submit to Aetna.", "aetna", "client_claim"),
    ("Detox: No", "detox", "negated"),  # an availability list's answer
    ("Medicaid: not currently accepted", "medicaid", "negated"),
    ("The evening IOP is less intensive than residential treatment.", "residential", "comparison"),
    ("Our PHP runs days, at an intensity similar to an inpatient program.", "residential",
     "comparison"),
    ("Between sessions, clients live in a sober living home nearby.", "sober_living", "elsewhere"),
    ("We refer clients who need detox to other detox programs.", "detox", "elsewhere"),
    ("Residential programs cost more than other outpatient programs.", "outpatient", "comparison"),
    ("Residential rehab can cost anywhere from $9,000 per month.", "self_pay", "cost_estimate"),
    ("Unlike residential care, IOP lets you live at home.", "iop", "comparison"),
    ("We offer detox referrals.", "detox", "compound"),
    ("We provide referrals to detox.", "detox", "elsewhere"),
    # where a hospital stay leads next is a transition, not the hospital's own offer
    ("After a week most adults are discharged to a day program or to counseling near home.", "php",
     "comparison"),
    ("Staff work to move each patient on to outpatient care close to home.", "outpatient",
     "comparison"),
    # the care that fell short before a programme, and the care after it, are not its own
    ("The program is for adults not succeeding in an ordinary outpatient setting.",
     "outpatient", "negated"),
    ("Our team plans each child's smooth transition to outpatient care nearby.", "outpatient",
     "comparison"),
    # a day programme placed between two other levels names neither as its own
    ("A day program falls between an IOP and a hospital stay in intensity.", "iop",
     "comparison"),
    ("Day treatment bridges the gap between inpatient treatment and weekly therapy.",
     "residential", "comparison"),
    # a term defining itself, or how its definition grew, names no condition treated
    ("A gambling disorder occurs when betting keeps going despite the harm.", "gambling",
     "definition"),
    ("Over time the definition of addiction was widened to cover gambling and gaming.",
     "gambling", "definition"),
    # a condition named as a consequence of use or as a passing state is no condition treated
    ("Years of drinking alcohol may result in liver disease, depression and memory loss.",
     "depression", "symptom"),
    ("For some people it is depressive thoughts that make mornings hard.", "depression",
     "symptom"),
    # round eleven: an event's effect on anyone, said with an adverb, or a word it forms
    # ("anxiety-inducing"), is no condition treated (two organisations' notices on a pandemic)
    ("A long winter can easily result in fatigue, worry and depression in anyone.",
     "depression", "symptom"),
    ("We stayed open through an anxiety-inducing season of storms.", "anxiety", "compound"),
    # what clients of a kind of place pay, said of the kind, is general talk (round five, clinics)
    ("In most states, clients pay part of the cost of public services.", "self_pay", "generic"),
    ("At public clinics, fees are typically based on what you can afford.", "sliding_scale",
     "generic"),
    ("Many clinics accept Medicaid, Medicare and other insurance.", "private_insurance",
     "generic"),
    ("Community clinics charge fees based on household income.", "sliding_scale", "generic"),
    ("Outpatient services are provided by county agencies on a sliding scale.", "sliding_scale",
     "generic"),
    # a sober house's requirements name care its residents get elsewhere (round five, sober5)
    ("Participation in an outpatient program is required while living at the house.",
     "outpatient", "elsewhere"),
    ("The house manager helps by connecting residents to IOP groups in town.", "iop",
     "elsewhere"),
    ("Staff keep in regular communication with each resident's IOP counselor.", "iop",
     "elsewhere"),
    ("The house offers help with attending outpatient therapy appointments.", "outpatient",
     "elsewhere"),
    ("Applicants move in after completion of a residential rehab stay.", "residential",
     "elsewhere"),
    # rent talk in a guide to sober homes is no house's price
    ("Most sober homes expect rent to be paid weekly.", "self_pay", "generic"),
    ("Most houses set a curfew at 11 pm on weeknights.", "house_rules", "generic"),
    ("Rent at sober homes is typically due each week, $150 to $300.", "self_pay", "generic"),
    # a guide's definition names its term twice before the verb (round six, guide pages)
    ("A day treatment program, or PHP, is a structured schedule of groups on weekdays.", "php",
     "definition"),
    ("An intensive outpatient program (IOP), sometimes called IOT, involves nine hours a week.",
     "iop", "definition"),
    ("A partial hospitalization program or day hospital is a full day of therapy.", "php",
     "definition"),
    # what a good programme does, or what a kind of care tends to suit, is a placement
    # adviser's general talk, not an offer (round seven, teen programmes)
    ("A good wilderness school will use group therapy and weekly family calls.", "group_therapy",
     "generic"),
    ("Any high-quality treatment center should offer family therapy to parents.",
     "family_therapy", "generic"),
    ("Day treatment tends to suit a teen who can still sleep at home.", "php", "generic"),
    # a level the person does not need is no offer, in any wording of the need
    ("Group therapy suits problems that do not require detoxification.", "detox", "not_needed"),
    ("It is meant for adults who may not need detox or a residential program.", "residential",
     "not_needed"),
    ("Clients who don't need detox can start with counselling.", "detox", "not_needed"),
    # an association's voice promotes its members' care, it gives none
    ("Our mission is to promote residential treatment for teenagers.", "residential",
     "advocacy"),
    ("We provide advocacy and support for intensive outpatient programs.", "iop", "advocacy"),
    ("Our member programs include day treatment and detox centers.", "detox", "advocacy"),
    # an insured client's share of the bill is no paying for care oneself (round six, cost6)
    ("We are in network with most plans, so you keep a low out-of-pocket cost.", "self_pay",
     "compound"),
    ("Your plan sets an out-of-pocket maximum for each year.", "self_pay", "compound"),
    # an employer's assistance programme pays for those sessions: the care is not free
    ("Sessions booked through your EAP come at no cost to you.", "free", "employer_paid"),
    # the same words said of a kind of place are general talk (round seven, admissions guides)
    ("Most clinics will bill insurance for therapy.", "private_insurance", "generic"),
    # round ten (own10): insurance paperwork said of rehabs in general is no one's acceptance
    ("Many rehabs will verify your insurance benefits before admission.", "private_insurance",
     "generic"),
    ("In many programs, clients are required to make payment before admission.", "self_pay",
     "generic"),
    # a clubhouse's members keep its rooms open: dues buy no care (round seven, peer7)
    ("Club dues are $15 per month, payable to the treasurer.", "self_pay", "membership_dues"),
    ("A $20 a month donation for family membership keeps the hall heated.", "self_pay",
     "membership_dues"),
    # Spanish pages say the same things in their own words (round seven, spanish7)
    ("En nuestra clínica no aceptamos Medicaid ni planes estatales.", "medicaid", "negated"),
    ("Por ahora no contamos con un programa de desintoxicación propio.", "detox", "negated"),
    ("Ya no ofrecemos hospitalización parcial en esta sede.", "php", "negated"),
    ("En su estado, Medicaid suele cubrir la terapia de grupo.", "medicaid",
     "coverage_talk"),
    ("Las consultas de salud mental están cubiertas por Medicare.", "medicare", "coverage_talk"),
    ("Usted puede recibir consejería a través de su plan de Medi-Cal.", "medicaid",
     "coverage_talk"),
    ("La mayoría de los centros de desintoxicación piden una evaluación previa.", "detox",
     "generic"),
    ("Los centros residenciales cobran por día de estancia.", "residential", "generic"),
    ("El término desintoxicación se refiere al manejo de la abstinencia.", "detox",
     "definition"),
    # a level one must have had before coming is had elsewhere
    ("Finishing a medical detox is mandatory before arrival at the farm.", "detox",
     "prerequisite"),
    ("Guests must complete a residential stay prior to moving in.", "residential",
     "prerequisite"),
    # round eleven (crit11): care a person has already had, named as who is admitted, is the
    # person's history, not the facility's offer
    ("Teens whose panic attacks continue despite weekly outpatient counseling may qualify.",
     "outpatient", "prior_treatment"),
    ("Young adults whose drinking hasn't responded to outpatient care are a good fit.",
     "outpatient", "prior_treatment"),
    ("Candidates have several failed detox attempts behind them.", "detox", "prior_treatment"),
    ("We admit adults for whom outpatient and day treatment programs did not work.",
     "outpatient", "prior_treatment"),
    # round eight (se8): a state or the country is the subject that offers, a kind described
    # with the other levels it names, and impersonal people ("one", "the addict")
    ("The state offers many choices, from live-in rehab programs to weekly outpatient groups.",
     "outpatient", "a_place_offers"),
    ("Kentucky is home to hundreds of clinics, halfway houses and detox units.", "sober_living",
     "a_place_offers"),
    ("Georgia's public system provides detox in every region.", "detox", "a_place_offers"),
    ("A partial hospitalization program can serve as a step after residential treatment ends.",
     "residential", "definition"),
    ("With staff on hand all night, residential care can give one the calm one needs.",
     "residential", "generic"),
    ("For the addict with a job to keep, residential rehab may be out of reach.", "residential",
     "generic"),
    # round eight: the admission process is no care given — who may not enter, and the
    # assessment that places a person
    ("A man still in need of detox would be ineligible for entry until he is medically stable.",
     "detox", "negated"),
    ("After a full medical and psychiatric evaluation, the team writes a plan for each resident.",
     "medication_management", "intake_step"),
    # round nine (sa9a): money that pays for a study, a building or other programmes is no
    # funding of a person's care here
    ("The mayor won state funding for road safety and new fire stations.", "state_funded",
     "funding_elsewhere"),
    ("Our clinic joined a research network funded by the state health department.",
     "state_funded", "funding_elsewhere"),
    ("The authority asks all grant-funded programs to file a yearly audit.", "state_funded",
     "funding_elsewhere"),
    # round ten (faq10): a history's dated one-time grant is no funding of today's care
    ("In 1972 the county board obtained a grant from the state mental health office to hire "
     "its first nurse.", "state_funded", "funding_elsewhere"),
    ("1985 The Riverside Alcohol Council received a state grant for a new van.", "state_funded",
     "funding_elsewhere"),
    # round nine, payment on providers' own pages (pay9): an insured client's unpaid shares in
    # the plural, a free interpreter, care "free" of a drug, and a medicine's price in general
    ("Aid is open to patients whose out-of-pocket responsibilities stay high after insurance.",
     "self_pay", "compound"),
    ("Sign language interpreters are provided at no cost to you and your family.", "free",
     "ancillary_free"),
    ("Language assistance services are available to you free of charge.", "free",
     "ancillary_free"),
    ("Our staff help each family secure other sources of payment at no cost to them.", "free",
     "ancillary_free"),
    ("Financial counseling is available to every patient free of charge.", "free",
     "ancillary_free"),
    ("Many had already tried medication free treatment without success.", "free", "compound"),
    ("Several of them had relapsed after opioid free treatment.", "free", "compound"),
    ("Naltrexone shots are very expensive, costing about $1,000 a month.", "self_pay",
     "cost_estimate"),
    # round nine (cmhc9): some clinics elsewhere are still a kind, and people in general with
    # both disorders are nobody's patients
    ("Some of the clinics in the county offer medication management.", "medication_management",
     "generic"),
    ("Many people live with both an addiction and a serious mental illness.", "co_occurring",
     "generic"),
    # round ten (art10): the payment of other places or a payer's benefits, said by nobody here
    ("Your insurer keeps a list of in-network counselors with openings near you.",
     "private_insurance", "payment_of_others"),
    ("Which extras a state pays for depends on the benefits offered under its Medicaid program.",
     "medicaid", "payment_of_others"),
    ("Only 31 percent of the clinics surveyed took Medicare in 2018.", "medicare",
     "payment_of_others"),
    ("Of the programs that accepted Medicaid, 40 percent also took Medicare.", "medicare",
     "payment_of_others"),
    # round eleven (prec11): care a house or hospital arranges after a stay is given elsewhere
    ("When a resident needs more than the house gives, outside agencies are used, e.g. church "
     "groups, outpatient counseling and job services.", "outpatient", "elsewhere"),
    ("Arrangements for outpatient care or follow-up visits", "outpatient", "elsewhere"),
    ("We make arrangements for detox at the county hospital before admission.", "detox",
     "elsewhere"),
    # round eleven: a grant for an initiative or a sum of state money is no payment for care
    ("Two senior centers were each granted $50,000 in state funding to run activities for "
     "older adults.", "state_funded", "funding_elsewhere"),
    ("A new anti-bullying initiative for the county's schools is funded by state funding from "
     "the governor's office.", "state_funded", "funding_elsewhere"),
]  # fmt: skip

OFFERS = [
    # round twelve: a history that goes on, or told by the facility itself, is still an offer
    ("Since 1985 the clinic has offered detox to the county.", "detox"),
    ("Founded in 1990, the center still provides residential treatment.", "residential"),
    ("In 2015 we opened our detox unit.", "detox"),
    # round twelve: the client paying cash, or a price of its own, is paying for care
    ("We accept cash, checks and most insurance.", "self_pay"),
    ("The weekly program fee is $300 per week, paid in cash or by card.", "self_pay"),
    ("We offer financial aid to families who qualify.", "payment_assistance"),
    # round eleven: the facility's own care beside what it arranges; a programme the state funds
    ("We offer outpatient counseling and arrange for transportation to groups.", "outpatient"),
    ("Our detox program is funded by the state Department of Health.", "state_funded"),
    # the facility's own network, even in words that elsewhere speak of others (round ten)
    ("Our counselors are in-network providers for Aetna and Cigna.", "private_insurance"),
    ("We offer an evening intensive outpatient program.", "iop"),
    ("We offer psychiatric evaluations and medication management.", "medication_management"),
    # "whether you're dealing with A, B or C, we …": no matter which, the facility treats it;
    # the first item, in the whether-clause itself, as much as the rest
    ("Whether you are coping with bulimia, OCD or grief, our clinicians can help.",
     "eating_disorders"),
    ("So whether you're struggling with psychosis or mania, we're ready to admit you.",
     "psychosis"),
    # round twelve: organisations joining forces is a merger, no person's career
    ("In 2019 Cedar Point Clinic joined forces with a county agency and provides addiction "
     "counseling.", "substance_use"),
    # round twelve: the condition the reader seeks help for, the facility then answering
    ("Whether you are looking for help with panic attacks or bulimia, our clinicians are ready.",
     "anxiety"),
    ("Whether you're seeking support for depression or grief, we are here for you.",
     "depression"),
    # the facility's own institution, named as such, or a heading opening with it
    ("Our Residential Treatment Center sits on ten wooded acres.", "residential"),
    ("Residential Treatment Center for young men, open since 2004.", "residential"),
    ("Our Adolescent Residential Treatment Center has twelve beds.", "residential"),
    ("Most clients stay in our IOP for eight weeks.", "iop"),
    ("Maple provides five levels of care: Outpatient (Level I.1) and Residential (Level III.5).",
     "residential"),  # fmt: skip
    ("Birch Wellness is a boutique outpatient treatment center with experience in addiction.",
     "outpatient"),  # fmt: skip
    ("After residential care, clients step down to our sober living homes.", "sober_living"),
    ("Participation in our IOP is required for every resident.", "iop"),
    ("We are a high-quality program offering family therapy every week.", "family_therapy"),
    ("Rent is due every Friday at the house meeting.", "self_pay"),
    ("Move-in costs are the first week's rent $175 and a deposit.", "self_pay"),
    ("Unlike other IOPs, ours meets three evenings a week.", "iop"),
    ("We are an affordable option compared to other residential programs.", "residential"),
    ("Medicare is accepted.", "medicare"),
    ("We see veterans at no cost.", "veterans"),  # "no" inside a term negates nothing
    ("Block grant funding may cover the cost of care for eligible clients.", "state_funded"),
    ("Sign language interpreters can be scheduled for any appointment.", "asl"),
    ("Our clinicians are trained in cognitive behavioral therapy.", "cbt"),
    ("Specialized care is available for teenagers and young adults.", "young_adults"),
    ("We treat Bipolar I and II, depression and anxiety.", "bipolar"),
    ("We treat anxiety that can lead to panic attacks.", "anxiety"),  # the cause is treated
    ("Drinking alcohol may result in depression; we treat both.", "alcohol"),
    ("Self-pay rates and a sliding scale are available for families without coverage.",
     "sliding_scale"),
    ("Depending on your goals, your plan may include group therapy.", "group_therapy"),
    ("Services offered here: Intensive Outpatient (IOP) and Outpatient Therapy.", "outpatient"),
    ("Individual therapy is $120 per 50-minute session.", "self_pay"),  # a price is paying oneself
    ("Our day program averages $350 per day.", "self_pay"),
    # a solo clinician's "I" offering care is the practice speaking, not a patient's story
    ("I am an in-network provider for Cigna.", "cigna"),
    ("I also accept Aetna for couples sessions.", "aetna"),
    ("My self-pay fee is $140 per session.", "self_pay"),
    # "not only" negates nothing; what the facility says after "Unlike many programs," is its own
    ("We treat not only addiction but also depression.", "substance_use"),
    ("Unlike many programs, we accept Medicaid.", "medicaid"),
    ("Our PHP is not a residential program.", "php"),  # "is not a …" classifies, not denies
    ("We accept referrals for detox.", "detox"),
    ("We accept TRICARE and VA Community Care referrals.", "va"),  # a payer's authorisation
    # payment said without a synonym: passive acceptance, fees set by income, a named rate with
    # its amount, no fee for care
    ("Health insurance is accepted for every program.", "private_insurance"),
    ("Fees are adjusted based on household income and family size.", "sliding_scale"),
    ("Counseling charges are set according to your ability to pay.", "sliding_scale"),
    ("Our daily rate for residential care is $850.", "self_pay"),
    ("There is no fee for counseling.", "free"),
    # the client paying the fee or bill is paying for care oneself (a copay is not)
    ("Clients pay the full session fee when they check out.", "self_pay"),
    ("Ask the front desk about our charge for self-pay patients.", "self_pay"),
    # a carrier's regional brand or subsidiary is the carrier
    ("We are in network with Highmark, CareFirst and Florida Blue.", "bcbs"),
    ("We accept UMR and Oxford Health plans.", "unitedhealthcare"),
    ("We are in network with the US Family Health Plan.", "tricare"),  # a TRICARE Prime plan
    ("We accept Cigna and give superbills for other plans.", "cigna"),  # the cue comes after
    # a comparison's "than", "alternative to" reaches forward: the level it describes stays
    ("Our PHP is an alternative to inpatient care for many adults.", "php"),
    ("The evening IOP is less intensive than residential treatment.", "iop"),
    ("Co-occurring disorders (i.e. alcohol use and depression) are treated here.", "depression"),
    ("Our in-patient treatment program admits adults daily.", "residential"),  # split prefix
    ("We treat depression and bi-polar disorder.", "bipolar"),  # split prefix
    ("We offer an inpatient drug rehab program for adults.", "residential"),  # a rehab's stay
    ("On discharge to our IOP, adults keep the same therapist.", "iop"),  # its own next step
    ("Teens who finish the PHP can transition to our IOP.", "iop"),  # its own next step
    # a public clinic's payment in its own words: the client pays a fee set by what they can
    # afford, the clinic takes insurance in general (round five, clinics)
    ("You will be expected to pay part of the cost of each visit.", "self_pay"),
    ("State rules require clients to pay for the services they receive.", "self_pay"),
    ("Our billing office will review your fee whenever your income changes.", "self_pay"),
    ("Please make payments at the time of service.", "self_pay"),
    ("Charges are based on what the family is able to pay.", "sliding_scale"),
    ("Our ability-to-pay fee schedule sets what each client is charged.", "sliding_scale"),
    ("The clinic accepts Medicare, MinnesotaCare and other insurance.", "private_insurance"),
    ("We accept most of the major health insurances.", "private_insurance"),
    ("Our services may be covered by your health insurance.", "private_insurance"),
    # a practice's fee for a timed session, and the client paying at each visit, are self-pay
    ("My fee is $180 for 50 minutes of couples counselling.", "self_pay"),
    ("The fee for a 45-minute session is $130.", "self_pay"),
    ("Chat counselling (30 min): 45 USD", "self_pay"),
    ("Payment is due at the time of each session.", "self_pay"),
    ("Clients pay for their sessions at the time of service.", "self_pay"),
    ("Sessions are held weekly in our office.", "sessions"),
    # round six, guide pages: "the" programme is the page's own; an alias with an offer verb;
    # a need named far from the level; "not-for-profit" negates nothing
    ("The IOP is a ten-week evening programme at the Elm Street office.", "iop"),
    ("An IOP or a PHP is available at each of our clinics.", "php"),
    ("We do not require a doctor's referral to join our IOP.", "iop"),
    ("Clients who don't need detox can start in our PHP.", "php"),
    ("Cedar House is a not-for-profit residential treatment center.", "residential"),
    ("We promote healing in our residential program.", "residential"),
    ("We promote recovery and offer IOP for adults.", "iop"),  # the offer verb's object
    ("We promote wellness through detox and residential care.", "detox"),
    # the facility dealing with the client's insurer in other verbs takes insurance (round six)
    ("Once your benefits are confirmed, we will bill the carrier for each visit.",
     "private_insurance"),
    ("Our front office will bill the insurance company directly on your behalf.",
     "private_insurance"),
    ("We work with almost every insurance carrier in the region.", "private_insurance"),
    ("Clients without coverage pay out-of-pocket at each visit.", "self_pay"),
    ("Our walk-in counseling is offered at no cost to you.", "free"),
    # payment due at the session in other words (round six, cost6's check pages)
    ("Fees for services are payable at the time services are provided.", "self_pay"),
    ("It is our policy for us to be paid at the time of each visit.", "self_pay"),
    # round seven, admissions pages: the client's duty to pay said in other words, and the
    # facility, by its name, taking or billing insurance
    ("Residents are asked to make a payment each Friday for the coming week.", "self_pay"),
    ("The clinic only requires payment monthly, not for the whole stay at once.", "self_pay"),
    ("Signing the financial agreement obliges you to pay for the care you receive.",
     "self_pay"),
    ("It is your responsibility to pay your monthly program fees.", "self_pay"),
    ("Dosing fees are due every Friday.", "self_pay"),
    ("Participants will be asked to pay the per-week program fee at check-in.", "self_pay"),
    ("Lakeview Recovery accepts insurance from a wide range of carriers.", "private_insurance"),
    ("Cedar Clinic will bill your insurance for each visit.", "private_insurance"),
    # a live-in programme's one-off fee on entry is paying for the stay oneself (round seven)
    ("We ask an entrance fee of $900 on the day a man moves in.", "self_pay"),
    ("Intake Deposit: $750, applied to the first month of the program.", "self_pay"),
    ("Program Fees: $18,000 for the whole year.", "self_pay"),
    # the Spanish own voice still offers (round seven): the verb carries its subject
    ("Aceptamos Medicaid y pacientes con o sin seguro.", "medicaid"),
    ("Tratamos el alcoholismo con terapia de grupo semanal.", "alcohol"),
    ("Nuestro equipo brinda terapia individual los sábados.", "individual_therapy"),
    ("Preferimos los programas ambulatorios intensivos a la hospitalización.", "iop"),
    # a client's future is no plan of the facility's
    ("Our IOP teaches skills that guard against relapse in the future.", "iop"),
    ("We treat alcohol use disorder so clients can build a sober future.", "alcohol"),
    # the entry a prerequisite precedes is the place's own; its own detox first is offered
    ("Guests must finish detox elsewhere before admission to our sober living house.",
     "sober_living"),
    ("We provide detox prior to admission to residential care.", "detox"),
    # a level before "despite" or with its own "our" is still the facility's (round eleven)
    ("Despite the storm last winter, our outpatient clinic stayed open.", "outpatient"),
    ("We offer outpatient therapy to teens who have not responded to medication alone.",
     "outpatient"),
    ("Our detox unit has not failed a state inspection in ten years.", "detox"),
    # a facility named after its state, a "state of the art" unit and a city: not a place
    # offering (round eight, se8); and a kind's description leaves the page's own level alone
    ("Florida Coastal Recovery offers medical detox on site.", "detox"),
    ("The state of the art residential unit opened this spring.", "residential"),
    ("Tennessee Valley Counseling provides outpatient therapy.", "outpatient"),
    ("The IOP meets on weekday evenings after residential treatment at our ranch.", "residential"),
    # round nine (draw of the national directory): a consequence the facility draws about its
    # own care is no definition, an invitation to ask about its own option no advice, and a
    # Medicaid by its title in the law (Title 19, XIX) and the VA in the singular are those payers
    ("Our clinic offers whole-person care, which means we provide everything from classes to"
     " an intensive outpatient program.", "iop"),
    ("Ask about our telehealth visits when you call.", "telehealth"),
    ("We accept Title XIX for our residential program.", "medicaid"),
    ("Bring your Title 19 card to the first visit; our fee does not apply to you.", "medicaid"),
    ("In-network: Aetna, Cigna and the Department of Veteran Affairs (VA).", "va"),

    # round nine (cmhc9): a partial list of the facility's own services is no general talk,
    # and a person with both disorders is co-occurring, in whatever words
    ("Some of the services include case management, therapy and medication management.",
     "medication_management"),
    ("For clients diagnosed with both a mental illness and a substance use disorder, we add a"
     " dual-recovery group.", "co_occurring"),
    ("Our counselors address the co-occurrence of psychiatric and substance use disorders.",
     "co_occurring"),
    # the facility's own care paid by public money is still state funded (round nine)
    ("Our detox beds are funded by the state for residents without insurance.", "state_funded"),
    ("Treatment here is state-funded for adults who qualify.", "state_funded"),
    ("Since 2012 our outpatient clinic has been state funded for adults without insurance.",
     "state_funded"),  # a year, but funding that goes on (faq10's dated-grant cue spares it)
    # round nine (pay9): the same words where the care itself is free or priced by the facility
    ("Counseling is offered free of charge to every student.", "free"),
    ("Our outpatient group costs $35 a session for clients who pay themselves.", "self_pay"),
    ("We also see clients who pay out of pocket at each visit.", "self_pay"),
    # round ten (own10): the facility doing the client's insurance paperwork takes insurance:
    # it checks the benefits, asks the plan to authorise the stay, fills in the claim forms
    ("Our admissions coordinators are glad to verify your insurance benefits before you arrive.",
     "private_insurance"),
    ("After you enroll, we then request prior authorization from your insurance company.",
     "private_insurance"),
    ("Please bring your card so that we can complete the right insurance claim forms for you.",
     "private_insurance"),
    # round ten (pay10): a quantifier of a payer says how many plans, it is no general talk
    ("Most private insurance plans are accepted, along with the state Medicaid plan.",
     "private_insurance"),
    ("Yes, Medicaid and most private insurance plans are accepted here.", "private_insurance"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "slug", "why"), NOT_OFFERS)
def test_each_rule_names_its_reason(sentence, slug, why):
    assert reason(sentence, slug) == why


@pytest.mark.parametrize(("sentence", "slug"), OFFERS)
def test_the_facilitys_offers_pass_every_rule(sentence, slug):
    assert reason(sentence, slug) is None


def test_every_rule_of_the_table_is_exercised():
    tested = {why for _, _, why in NOT_OFFERS}
    assert {name for name, _ in rules.SENTENCE_RULES} <= tested


def test_negation_binds_to_its_clause_only():
    sentence = "We do not provide detox; our residential program admits daily."
    assert reason(sentence, "detox") == "negated"
    assert reason(sentence, "residential") is None


@pytest.mark.parametrize(
    "text, first",
    [
        (
            "People call them \u201csober houses.\u201d Hilltop runs two of them.",
            "People call them \u201csober houses.\u201d",
        ),
        ('He called it "a second home." We run it still.', 'He called it "a second home."'),
        ("Call us (we answer at night.) Our detox never closes.", "Call us (we answer at night.)"),
        ("We offer detox. Our IOP meets at night.", "We offer detox."),
    ],
)
def test_a_sentence_ends_after_the_quote_or_bracket_closing_on_its_stop(text, first):
    """The next sentence, with its own speaker, must not be read as part of the quotation."""
    split = [s for _, s in rules.sentences(text)]
    assert split[0] == first and len(split) == 2


def test_cue_lists_are_data_and_every_one_compiles():
    raw = json.loads(resources.files("crawler.extract").joinpath("cues.json").read_text())
    for name in (k for k in raw if not k.startswith("_")):
        assert rules.cue(name).pattern, name


@pytest.mark.parametrize(
    ("sentence", "slug", "why"),
    [
        ("Residential care at our Elm Street campus is no longer offered.", "residential", "negated"),
        ("Aetna: out-of-network only.", "aetna", "negated"),
        ("Neither detox nor residential care is offered here.", "detox", "negated"),
        ("Our buprenorphine program serves people with opiate dependence who are unable to stay "
         "sober with counseling alone.", "opioids", None),
        ("Whether you or your loved one comes to us with depression, we can help.", "depression",
         None),
        # an opening condition is a clause of its own; pseudo-negations negate nothing offered
        ("If you do not have insurance, we offer a sliding scale.", "sliding_scale", None),
        ("If you do not have Medicaid, we offer a sliding scale.", "medicaid", "negated"),
        ("Clients who cannot afford care may qualify for our sliding fee scale.", "sliding_scale",
         None),
        ("We do not require a referral for our IOP.", "iop", None),
        ("We do not require a referral, and we do not offer detox.", "detox", "negated"),
        # each occurrence is judged on its own: the first Medicare is accepted
        ("We accept Medicare, but Medicare Advantage plans are out of network.", "medicare",
         None),
    ],
)  # fmt: skip
def test_negation_has_a_direction(sentence, slug, why):
    assert reason(sentence, slug) == why


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("Addiction is a cycle that leaves us feeling helpless.", False),  # everyone's "us"
        ("Tratamos la dependencia del alcohol en adultos.", True),  # Spanish: the verb speaks
        ("Tratamos de responder cada mensaje en un día hábil.", False),  # "we try to"
        ("Many of us know someone who needs detox.", False),
        ("To end the epidemic, we must make treatment easier to reach.", False),  # a society's
        ("In this article, we'll explore how Aetna covers detox.", False),  # the writer's "we"
        ("Let us help you start detox today.", True),
        ("Call us to ask about our IOP.", True),
        ("The practice bills Aetna directly.", True),
        ("Patients in my clinic start buprenorphine in the office.", True),
        # a solo clinician naming the networks they are on speaks for the practice
        ("I am currently a participating provider with Humana.", True),
        ("I am a preferred provider for two regional plans.", True),
        ("A preferred provider organization lets you see any doctor.", False),
        # a news report: the quoted "we" is the speaker's, in straight quotes too, even where
        # a sentence break leaves only the opening or the closing mark
        ('"Our patients needed more than one hour a week," said the unit\'s nurse.', False),
        ('"Besides the ward, we also run a day program.', False),
        ('That left a gap between the ward and weekly visits," the director added.', False),
        ('We offer a "Family Weekend" every month.', True),  # a name in quotes, not a quotation
        # a solo clinician seeing clients, in "my … office", is the practice; a patient is not
        ("I use an encrypted video platform to meet with clients.", True),
        ("Sessions take place in my small, bright office by the park.", True),
        ("After treatment I went back to my old office job.", False),
        # the writer's or the website's "we" about the text or the site is no facility's
        ("In this article, we will cover how online psychiatry visits work.", False),
        ("We will cover your copay if you qualify.", True),  # the practice paying, not a writer
        ("Our testers tried each platform's messaging for a month.", False),
        ("We apologize for any inconvenience while these pages are updated.", False),
        # round eight: the country in capitals is not "us"; a shouted button still is
        ("Overdoses have risen in every region of the US since 2019.", False),
        ("Nearly all US counties report methamphetamine seizures.", False),
        ("TEXT US ANYTIME for a same-day intake appointment.", True),
        # the writer, the editor or the listing's publisher about the text (round eight)
        ("We also cover what a sliding fee means and how to ask for one.", False),
        ("We've gathered a short list of hotlines and meeting finders for families.", False),
        ("Browse our listings of clinics across the state.", False),
        ("We're talking about a problem that touches every town.", False),
        ("We cover the cost of the first week when a plan will not.", True),
        ("We have gathered a team of nurses and counselors for detox.", True),
    ],
)
def test_who_speaks(sentence, own):
    assert rules.own_voice(sentence) is own


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("Our Inpatient Adult Psychiatry Unit has twelve beds.", "inpatient"),
        ("Visitors to the Behavioral Health Unit sign in at the nurses' station.", "inpatient"),
        ("We ask what inpatients may bring to their rooms.", "inpatient"),
        ("Most teens stay on our unit for about a week.", "inpatient"),
        ("Adults admitted to the unit see a psychiatrist each morning.", "inpatient"),
        ("Admission is for adults who need acute, short-term or in-patient care.", "inpatient"),
        (
            "We give inpatient treatment for psychiatric illness on two hospital floors.",
            "inpatient",
        ),
        ("Our inpatient treatment lasts 30 to 90 days on a quiet ranch.", "residential"),
        # round nine (hosp9): a unit's bed count, a behavioral medicine unit, an adjective
        # between "inpatient" and "care"; a crisis or residential unit's beds stay no hospital
        ("Teens in crisis stay on our Child Behavioral Medicine Unit.", "inpatient"),
        ("We run a freestanding 60-bed psychiatric facility beside the clinic.", "inpatient"),
        ("Older adults are cared for on a 24-bed geriatric unit.", "inpatient"),
        ("We offer inpatient acute care to adults in crisis.", "inpatient"),
        ("Our 16-bed residential facility has a garden.", "residential"),
    ],
)
def test_a_stay_in_a_hospitals_words_is_hospital_inpatient(sentence, level):
    assert {m.slug for m in rules.terms(sentence) if m.facet == "levels_of_care"} == {level}
    (said,) = [m for m in rules.terms(sentence) if m.slug == level]
    assert rules.rejected(sentence, said) is None


def test_a_copay_due_at_the_visit_is_no_paying_for_care_oneself():
    """The insured client's copay is due at each visit too: it names no self-pay."""
    for sentence in (
        "Copays must be paid at the time of service.",
        "Payments for copays, deductibles and other fees are due at the time the service is provided.",
        "We file the claim, and you pay your portion of the payment at the time of service.",
        "You will pay the copay fee at each visit.",
        "It is your responsibility to pay your copay.",
    ):
        assert [m for m in rules.terms(sentence) if m.slug == "self_pay"] == []


def test_a_place_that_takes_insurance_is_a_kind_not_the_facility():
    """The facility's name before "accepts insurance" is its own statement; "a rehab that
    accepts insurance" describes a kind of place and names no payer."""
    for sentence in (
        "A rehab that accepts insurance can still bill you for the deductible.",
        "Look for a program which takes insurance from your employer.",
    ):
        assert [m for m in rules.terms(sentence) if m.slug == "private_insurance"] == []


@pytest.mark.parametrize(
    ("sentence", "both"),
    [
        ("Adults with a mental health condition and a substance use disorder may enrol.", True),
        ("She has struggled with both alcoholism and a psychiatric illness.", True),
        ("We treat mental health and substance use disorders in one clinic.", False),
        ("Adults with a mental health condition or a substance use disorder may enrol.", False),
        ("He was diagnosed with both asthma and diabetes.", False),
    ],
)
def test_both_disorders_in_one_person_are_co_occurring(sentence, both):
    """RECORD.md §2 co_occurring (dual diagnosis) said in words: one person with a mental
    illness and a substance use disorder; two conditions treated side by side are not it."""
    assert any(m.slug == "co_occurring" for m in rules.terms(sentence)) == both
